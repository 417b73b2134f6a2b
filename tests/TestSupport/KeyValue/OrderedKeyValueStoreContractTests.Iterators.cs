using CsCheck;
using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// The iterator and snapshot clauses of <see cref="IOrderedKeyValueStore"/>, and the rules of
/// <see cref="IKeyValueIterator"/> (numbered in its header; the tests cite them), checked against
/// the model <see cref="InMemoryKeyValueStore"/>.
/// </summary>
public abstract partial class OrderedKeyValueStoreContractTests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? "(empty)" : Convert.ToHexString(bytes);

    private static string Entries(IEnumerable<KeyValuePair<byte[], byte[]>> entries) =>
        "[" + string.Join(", ", entries.Select(e => $"{Hex(e.Key)}={Bytes.Describe(e.Value)}")) + "]";

    /// <summary>Where <paramref name="iterator"/> stands: "invalid" or "KEY=value".</summary>
    private static string Position(IKeyValueIterator iterator) =>
        iterator.Valid ? $"{Hex(iterator.Key)}={Bytes.Describe(iterator.Value.ToArray())}" : "invalid";

    private static string Position(SortedEntriesIterator model) =>
        model.Valid ? $"{Hex(model.Key)}={Bytes.Describe(model.Value.ToArray())}" : "invalid";

    /// <summary>Every entry from SeekToFirst and Next, as copies.</summary>
    private static List<KeyValuePair<byte[], byte[]>> Forward(IKeyValueIterator iterator)
    {
        var entries = new List<KeyValuePair<byte[], byte[]>>();
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
            entries.Add(KeyValuePair.Create(iterator.Key.ToArray(), iterator.Value.ToArray()));
        }

        iterator.Error.Should().BeNull("iterating a healthy store sets no error");
        return entries;
    }

    /// <summary>Every entry from SeekToLast and Prev, as copies (in descending order).</summary>
    private static List<KeyValuePair<byte[], byte[]>> Backward(IKeyValueIterator iterator)
    {
        var entries = new List<KeyValuePair<byte[], byte[]>>();
        for (iterator.SeekToLast(); iterator.Valid; iterator.Prev())
        {
            entries.Add(KeyValuePair.Create(iterator.Key.ToArray(), iterator.Value.ToArray()));
        }

        iterator.Error.Should().BeNull("iterating a healthy store sets no error");
        return entries;
    }

    private static void AssertSameEntries(List<KeyValuePair<byte[], byte[]>> actual, IEnumerable<KeyValuePair<byte[], byte[]>> expected, string because)
    {
        var wanted = expected.ToList();
        var same = actual.Count == wanted.Count && actual.Zip(wanted).All(p =>
            p.First.Key.AsSpan().SequenceEqual(p.Second.Key) && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));
        same.Should().BeTrue($"{because}: expected {Entries(wanted)}, got {Entries(actual)}");
    }

    /// <summary>Rules 1 and 3: SeekToFirst then Next visits every entry once, in unsigned bytewise order, with its value, and ends invalid with no error.</summary>
    [Fact]
    public void Iterator_forward_visits_every_entry_in_order()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);

        using var iterator = store.NewIterator();
        iterator.Valid.Should().BeFalse("rule 1: a new iterator is not positioned until a seek");

        AssertSameEntries(Forward(iterator), model.Entries(), "SeekToFirst + Next");
        iterator.Valid.Should().BeFalse("Next after the last entry leaves the iterator invalid");
    }

    /// <summary>Rule 3: SeekToLast then Prev visits every entry once, in descending order, and ends invalid.</summary>
    [Fact]
    public void Iterator_backward_visits_every_entry_in_reverse_order()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);

        using var iterator = store.NewIterator();

        AssertSameEntries(Backward(iterator), model.Entries().Reverse(), "SeekToLast + Prev");
        iterator.Valid.Should().BeFalse("Prev before the first entry leaves the iterator invalid");
    }

    /// <summary>
    /// Rule 2 at every boundary: Seek to each stored key lands on it; to each key just before or just
    /// after a stored one (one byte less, a 00 byte appended) lands on the first key at or after the
    /// target; before the first key on the first; after the last, invalid; the empty target on the first.
    /// </summary>
    [Fact]
    public void Seek_lands_on_the_first_key_at_or_after_the_target_at_every_boundary()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);

        var targets = new List<byte[]> { Array.Empty<byte>(), new byte[] { 0 }, new byte[] { 0xFF, 0, 0 }, new byte[] { 0xFF, 0xFF } };
        foreach (var key in OrderKeys)
        {
            targets.Add(key);
            targets.Add([.. key, 0]);
            targets.Add(key[..^1]);
            if (key[^1] > 0)
            {
                targets.Add([.. key[..^1], (byte)(key[^1] - 1)]);
                targets.Add([.. key[..^1], (byte)(key[^1] - 1), 0xFF]);
            }
        }

        using var iterator = store.NewIterator();
        using var expected = model.NewIterator();
        var wrong = new List<string>();
        foreach (var target in targets)
        {
            iterator.Seek(target);
            expected.Seek(target);
            if (Position(iterator) != Position((SortedEntriesIterator)expected))
            {
                wrong.Add($"Seek({Hex(target)}) landed on {Position(iterator)}, expected {Position((SortedEntriesIterator)expected)}");
            }
        }

        wrong.Should().BeEmpty("Seek positions at the first key >= the target (rule 2)");
    }

    /// <summary>
    /// Rule 3, changing direction: after Seek, Next then Prev comes back to the same entry, Prev then
    /// Next too; Prev after a Seek to a key that is not stored lands on the entry before the target;
    /// Prev on the first entry and Next on the last leave the iterator invalid.
    /// </summary>
    [Fact]
    public void Next_and_Prev_change_direction_without_skipping_or_repeating()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);
        var keys = model.Entries().Select(e => e.Key).ToList();

        using var iterator = store.NewIterator();
        for (var i = 0; i < keys.Count; i++)
        {
            iterator.Seek(keys[i]);
            Hex(iterator.Key).Should().Be(Hex(keys[i]));
            iterator.Next();
            if (i + 1 < keys.Count)
            {
                Hex(iterator.Key).Should().Be(Hex(keys[i + 1]), "Next after Seek({0}) moves to the next key", Hex(keys[i]));
                iterator.Prev();
                Hex(iterator.Key).Should().Be(Hex(keys[i]), "Prev after Next comes back to {0}", Hex(keys[i]));
            }
            else
            {
                iterator.Valid.Should().BeFalse("Next on the last entry leaves the iterator invalid");
            }

            iterator.Seek(keys[i]);
            iterator.Prev();
            if (i > 0)
            {
                Hex(iterator.Key).Should().Be(Hex(keys[i - 1]), "Prev after Seek({0}) moves to the key before it", Hex(keys[i]));
                iterator.Next();
                Hex(iterator.Key).Should().Be(Hex(keys[i]), "Next after Prev comes back to {0}", Hex(keys[i]));
            }
            else
            {
                iterator.Valid.Should().BeFalse("Prev on the first entry leaves the iterator invalid");
            }
        }

        // A target between two stored keys: Seek lands on the later one, Prev on the earlier one.
        iterator.Seek(Bytes.Of("aa"));
        Hex(iterator.Key).Should().Be(Hex(Bytes.Of("ab")));
        iterator.Prev();
        Hex(iterator.Key).Should().Be(Hex(Bytes.Of("a")), "Prev after Seek(\"aa\"), which is not stored, lands on \"a\", the key before the target");
    }

    /// <summary>Rules 2 and 3 on an empty store: every seek leaves the iterator invalid with no error, and Key, Value, Next and Prev of an invalid iterator throw <see cref="InvalidOperationException"/>.</summary>
    [Fact]
    public void Iterator_over_an_empty_store_is_invalid_and_refuses_to_read()
    {
        var store = OpenOrdered();
        using var iterator = store.NewIterator();

        iterator.SeekToFirst();
        iterator.Valid.Should().BeFalse();
        iterator.SeekToLast();
        iterator.Valid.Should().BeFalse();
        iterator.Seek(Bytes.Of("a"));
        iterator.Valid.Should().BeFalse();
        iterator.Error.Should().BeNull("an empty store is not an error");

        iterator.Invoking(i => i.Key.ToArray()).Should().Throw<InvalidOperationException>("rule 3: Key requires a valid iterator");
        iterator.Invoking(i => i.Value.ToArray()).Should().Throw<InvalidOperationException>("rule 3: Value requires a valid iterator");
        iterator.Invoking(i => i.Next()).Should().Throw<InvalidOperationException>("rule 3: Next requires a valid iterator");
        iterator.Invoking(i => i.Prev()).Should().Throw<InvalidOperationException>("rule 3: Prev requires a valid iterator");
    }

    /// <summary>
    /// Rule 5: an iterator sees the store as it was when it was created. Writes made after (an
    /// overwrite of the current entry, a delete of the next one, new keys before and after the
    /// position, a batch) never show through it, forward or backward; a new iterator sees them all.
    /// </summary>
    [Fact]
    public void Iterator_is_unaffected_by_writes_made_after_it_was_created()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);
        var before = model.Entries();

        using var iterator = store.NewIterator();
        iterator.Seek(Bytes.Of("ab"));
        Hex(iterator.Key).Should().Be(Hex(Bytes.Of("ab")));

        store.Put(Bytes.Of("ab"), Bytes.Of("changed"));
        model.Put(Bytes.Of("ab"), Bytes.Of("changed"));
        store.Delete([.. Bytes.Of("ab"), 0]);
        model.Delete([.. Bytes.Of("ab"), 0]);
        store.Put(Bytes.Of("aa"), Bytes.Of("new before"));
        model.Put(Bytes.Of("aa"), Bytes.Of("new before"));
        store.Put(Bytes.Of("zz"), Bytes.Of("new after"));
        model.Put(Bytes.Of("zz"), Bytes.Of("new after"));
        var batch = new WriteBatch().Delete([0x80]).Put([0x7F, 0x7F], Bytes.Of("batched"));
        store.Write(batch);
        model.Write(batch);

        var abIndex = Array.FindIndex(OrderKeys, k => k.AsSpan().SequenceEqual(Bytes.Of("ab")));
        Hex(iterator.Value).Should().Be(Hex(Bytes.Value(abIndex, abIndex % 9)),
            "the entry the iterator stands on keeps the value it had when the iterator was created");
        var rest = new List<KeyValuePair<byte[], byte[]>>();
        for (; iterator.Valid; iterator.Next())
        {
            rest.Add(KeyValuePair.Create(iterator.Key.ToArray(), iterator.Value.ToArray()));
        }

        AssertSameEntries(rest, before.SkipWhile(e => e.Key.AsSpan().SequenceCompareTo(Bytes.Of("ab")) < 0), "the rest of a forward pass after the writes");
        AssertSameEntries(Forward(iterator), before, "a second forward pass of the old iterator");
        AssertSameEntries(Backward(iterator), before.Reverse(), "a backward pass of the old iterator");

        using var fresh = store.NewIterator();
        AssertSameEntries(Forward(fresh), model.Entries(), "a new iterator sees every write");
    }

    /// <summary>
    /// A snapshot pins the state when it was taken: Get and iterators through it see neither
    /// overwrites, deletes nor new keys made after it, while plain reads see them; two snapshots
    /// taken at different moments each keep their own view; releasing one leaves the other intact.
    /// </summary>
    [Fact]
    public void Snapshot_reads_see_the_state_when_it_was_taken()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);
        var atFirst = model.Clone();
        using var first = store.GetSnapshot();

        store.Put(Bytes.Of("ab"), Bytes.Of("v2"));
        model.Put(Bytes.Of("ab"), Bytes.Of("v2"));
        store.Delete(Bytes.Of("b"));
        model.Delete(Bytes.Of("b"));
        store.Put(Bytes.Of("c"), Bytes.Of("new"));
        model.Put(Bytes.Of("c"), Bytes.Of("new"));
        var atSecond = model.Clone();
        var second = store.GetSnapshot();

        store.Write(new WriteBatch().Put(Bytes.Of("ab"), Bytes.Of("v3")).Delete(Bytes.Of("c")).Put(Bytes.Of("d"), Bytes.Of("later")));
        model.Write(new WriteBatch().Put(Bytes.Of("ab"), Bytes.Of("v3")).Delete(Bytes.Of("c")).Put(Bytes.Of("d"), Bytes.Of("later")));

        var probes = new[] { Bytes.Of("ab"), Bytes.Of("b"), Bytes.Of("c"), Bytes.Of("d"), Bytes.Of("a") };
        foreach (var (snapshot, expected, name) in new[] { (first, atFirst, "the first snapshot"), (second, atSecond, "the second snapshot") })
        {
            var options = new ReadOptions { Snapshot = snapshot };
            foreach (var key in probes)
            {
                Bytes.Describe(store.Get(key, options)).Should().Be(Bytes.Describe(expected.Get(key)), "Get({0}) through {1}", Hex(key), name);
            }

            using var iterator = store.NewIterator(options);
            AssertSameEntries(Forward(iterator), expected.Entries(), $"an iterator through {name}");
            AssertSameEntries(store.Scan(Bytes.Of("a"), Bytes.Of("c"), options).ToList(), expected.Scan(Bytes.Of("a"), Bytes.Of("c")), $"Scan(a, c) through {name}");
        }

        foreach (var key in probes)
        {
            Bytes.Describe(store.Get(key, ReadOptions.Default)).Should().Be(Bytes.Describe(model.Get(key)), "Get({0}) without a snapshot reads the latest state", Hex(key));
        }

        second.Dispose();
        second.Dispose();   // idempotent
        using var stillFirst = store.NewIterator(new ReadOptions { Snapshot = first });
        AssertSameEntries(Forward(stillFirst), atFirst.Entries(), "the first snapshot after the second was released");
    }

    /// <summary>A snapshot survives many later writes, including rewrites of every key (an engine may move data meanwhile: flushes, compactions, merges).</summary>
    [Fact]
    public void Snapshot_keeps_its_view_across_many_later_writes()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        var keys = Enumerable.Range(0, 200).Select(i => Bytes.Of($"key{i:D4}")).ToList();
        Fill(store, model, keys);
        var pinned = model.Clone();
        using var snapshot = store.GetSnapshot();

        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if ((i + round) % 7 == 0)
                {
                    store.Delete(keys[i]);
                }
                else
                {
                    store.Put(keys[i], Bytes.Value((round * 1000) + i, 50));
                }
            }
        }

        var options = new ReadOptions { Snapshot = snapshot };
        using var iterator = store.NewIterator(options);
        AssertSameEntries(Forward(iterator), pinned.Entries(), "the snapshot after 1,000 later writes");
        foreach (var key in keys.Where((_, i) => i % 17 == 0))
        {
            Bytes.Describe(store.Get(key, options)).Should().Be(Bytes.Describe(pinned.Get(key)), "Get({0}) through the snapshot", Hex(key));
        }
    }

    /// <summary>Reading through a released snapshot throws <see cref="ObjectDisposedException"/>, through another store's snapshot <see cref="ArgumentException"/>; a disposed iterator throws <see cref="ObjectDisposedException"/>, and so do NewIterator and GetSnapshot on a disposed store.</summary>
    [Fact]
    public void Released_snapshots_disposed_iterators_and_disposed_stores_refuse_reads()
    {
        var store = OpenOrdered();
        store.Put(Bytes.Of("k"), Bytes.Of("v"));
        var other = OpenOrdered(NewFileSystem());
        using (var foreign = other.GetSnapshot())
        {
            store.Invoking(s => s.Get(Bytes.Of("k"), new ReadOptions { Snapshot = foreign })).Should().Throw<ArgumentException>("a snapshot belongs to the store that took it");
        }

        var snapshot = store.GetSnapshot();
        snapshot.Dispose();
        var options = new ReadOptions { Snapshot = snapshot };

        store.Invoking(s => s.Get(Bytes.Of("k"), options)).Should().Throw<ObjectDisposedException>("Get through a released snapshot");
        store.Invoking(s => s.NewIterator(options).SeekToFirst()).Should().Throw<ObjectDisposedException>("an iterator through a released snapshot");

        var iterator = store.NewIterator();
        iterator.SeekToFirst();
        iterator.Dispose();
        iterator.Invoking(i => i.SeekToFirst()).Should().Throw<ObjectDisposedException>("rule 7: a disposed iterator");
        iterator.Invoking(i => i.Valid).Should().Throw<ObjectDisposedException>("rule 7: a disposed iterator");

        store.Dispose();
        store.Invoking(s => s.NewIterator()).Should().Throw<ObjectDisposedException>("NewIterator on a disposed store");
        store.Invoking(s => s.GetSnapshot()).Should().Throw<ObjectDisposedException>("GetSnapshot on a disposed store");
    }

    /// <summary>The comparator names the order the iterator follows: consecutive keys compare below zero, each key equal to itself.</summary>
    [Fact]
    public void Comparator_agrees_with_the_iteration_order()
    {
        var store = OpenOrdered();
        Fill(store, new InMemoryKeyValueStore(), OrderKeys);
        store.Comparator.Name.Should().NotBeNullOrWhiteSpace("the comparator's name is persisted with the data");

        using var iterator = store.NewIterator();
        var keys = Forward(iterator).Select(e => e.Key).ToList();
        for (var i = 0; i + 1 < keys.Count; i++)
        {
            store.Comparator.Compare(keys[i], keys[i + 1]).Should().BeNegative("{0} comes before {1}", Hex(keys[i]), Hex(keys[i + 1]));
            store.Comparator.Compare(keys[i], keys[i]).Should().Be(0);
        }
    }

    /// <summary>Rule 5 across a reopen: an iterator over the reopened store sees every write made before, in order, forward and backward.</summary>
    [Fact]
    public void Iterator_after_reopen_sees_every_write_in_order()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);
        store.Delete(Bytes.Of("abc"));
        model.Delete(Bytes.Of("abc"));
        store = (IOrderedKeyValueStore)Reopen(store);

        using var iterator = store.NewIterator();
        AssertSameEntries(Forward(iterator), model.Entries(), "forward after reopen");
        AssertSameEntries(Backward(iterator), model.Entries().Reverse(), "backward after reopen");
    }

    /// <summary>
    /// Model-based (CsCheck, seeded, prints its seed): random writes, with snapshots taken among them,
    /// then a random walk of seeks, Next and Prev on an iterator over the latest state or over one of
    /// the snapshots. After every step the iterator stands where the model's iterator stands.
    /// </summary>
    [Fact]
    public void Random_iterator_walks_match_the_model()
    {
        var key = Gen.Byte[0, 3].Select(b => (byte)(b switch { 0 => 0x00, 1 => 0x61, 2 => 0x7F, _ => 0xFF })).Array[1, 3];
        var write = Gen.Select(key, Gen.Int[-1, 20], Gen.Int[0, 9]);   // (key, length or -1 = delete, 0: take a snapshot first)
        var move = Gen.Select(Gen.Int[0, 5], key);                    // 0 first, 1 last, 2 seek, 3-4 next, 5 prev
        Gen.Select(write.Array[0, 50], move.Array[1, 40], Gen.Int[0, 3]).Sample((writes, moves, view) =>
        {
            var store = OpenOrdered(NewFileSystem());
            var model = new InMemoryKeyValueStore();
            var snapshots = new List<(ISnapshot Store, ISnapshot Model)>();
            try
            {
                for (var i = 0; i < writes.Length; i++)
                {
                    var (k, length, snap) = writes[i];
                    if (snap == 0)
                    {
                        snapshots.Add((store.GetSnapshot(), model.GetSnapshot()));
                    }

                    if (length < 0)
                    {
                        store.Delete(k);
                        model.Delete(k);
                    }
                    else
                    {
                        store.Put(k, Bytes.Value(i, length));
                        model.Put(k, Bytes.Value(i, length));
                    }
                }

                var (storeOptions, modelOptions, name) = view < snapshots.Count
                    ? (new ReadOptions { Snapshot = snapshots[view].Store }, new ReadOptions { Snapshot = snapshots[view].Model }, $"snapshot {view}")
                    : (ReadOptions.Default, ReadOptions.Default, "the latest state");
                using var iterator = store.NewIterator(storeOptions);
                using var expected = (SortedEntriesIterator)model.NewIterator(modelOptions);
                var trail = new List<string>();
                foreach (var (kind, target) in moves)
                {
                    if (kind >= 3 && !expected.Valid)
                    {
                        // Next and Prev need a valid iterator (rule 3): seek instead.
                        iterator.Seek(target);
                        expected.Seek(target);
                        trail.Add($"Seek({Hex(target)})");
                    }
                    else
                    {
                        switch (kind)
                        {
                            case 0: iterator.SeekToFirst(); expected.SeekToFirst(); trail.Add("SeekToFirst"); break;
                            case 1: iterator.SeekToLast(); expected.SeekToLast(); trail.Add("SeekToLast"); break;
                            case 2: iterator.Seek(target); expected.Seek(target); trail.Add($"Seek({Hex(target)})"); break;
                            case 5: iterator.Prev(); expected.Prev(); trail.Add("Prev"); break;
                            default: iterator.Next(); expected.Next(); trail.Add("Next"); break;
                        }
                    }

                    Position(iterator).Should().Be(Position(expected), $"after {string.Join(", ", trail)} on {name} ({writes.Length} writes, {snapshots.Count} snapshots)");
                }

                iterator.Error.Should().BeNull();
            }
            finally
            {
                foreach (var (s, m) in snapshots)
                {
                    s.Dispose();
                    m.Dispose();
                }

                store.Dispose();
            }
        }, iter: 100, threads: 1);
    }
}
