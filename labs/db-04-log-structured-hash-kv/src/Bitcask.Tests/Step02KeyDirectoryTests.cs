using System.Text;
using CsCheck;

namespace FromScratch.Bitcask.Tests;

/// <summary>
/// The key directory on its own: lookups, overwrites and deletes against a dictionary while the
/// table doubles and deleted keys' bytes are compacted away, keys whose 32-bit hashes collide, the
/// limits of its packed entries, and readers racing a writer that resizes and compacts.
/// </summary>
[Trait("Step", "02")]
public sealed class Step02KeyDirectoryTests(ITestOutputHelper output)
{
    private static KeyDirEntry EntryFor(int version) =>
        new(FileId: version % 1000 + 1, Size: DataFileWriter.HeaderSize + (version % 5000), Offset: (long)version * 3, Sequence: (ulong)version * 7 + 1);

    // A key of `length` bytes that names `i`.
    private static byte[] Key(int i, int length = 16)
    {
        var key = new byte[length];
        Encoding.ASCII.GetBytes(i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).AsSpan(0, Math.Min(10, length)).CopyTo(key);
        for (var j = 10; j < length; j++)
        {
            key[j] = (byte)(i * 31 + j);
        }
        return key;
    }

    [Fact]
    public void Set_get_replace_and_remove_return_the_previous_entries()
    {
        var directory = new KeyDirectory();
        var a = TestData.Text("a");

        directory.TryGet(a, out _).Should().BeFalse();
        directory.Set(a, EntryFor(1)).Should().BeNull();
        directory.TryGet(a, out var got).Should().BeTrue();
        got.Should().Be(EntryFor(1));

        directory.Set(a, EntryFor(2)).Should().Be(EntryFor(1));
        directory.TryReplace(a, EntryFor(1), EntryFor(3)).Should().BeFalse("the entry is no longer the expected one");
        directory.TryReplace(a, EntryFor(2), EntryFor(3)).Should().BeTrue();
        directory.TryGet(a, out got).Should().BeTrue();
        got.Should().Be(EntryFor(3));
        directory.Count.Should().Be(1);

        directory.Remove(a).Should().Be(EntryFor(3));
        directory.Remove(a).Should().BeNull();
        directory.TryGet(a, out _).Should().BeFalse();
        directory.TryReplace(a, EntryFor(3), EntryFor(4)).Should().BeFalse("a removed key is not brought back");
        directory.Count.Should().Be(0);
        directory.Entries.Should().BeEmpty();
    }

    [Fact]
    public void Keys_that_are_prefixes_of_each_other_and_keys_of_every_length_are_distinct()
    {
        var directory = new KeyDirectory();
        var keys = new List<byte[]> { new byte[] { 0 }, new byte[] { 0, 0 }, TestData.Text("ab"), TestData.Text("abc"), new byte[DataFileWriter.MaxKeyLength] };
        keys[^1][^1] = 1;
        for (var i = 0; i < keys.Count; i++)
        {
            directory.Set(keys[i], EntryFor(i)).Should().BeNull();
        }
        for (var i = 0; i < keys.Count; i++)
        {
            directory.TryGet(keys[i], out var got).Should().BeTrue();
            got.Should().Be(EntryFor(i));
        }
        directory.TryGet(new byte[DataFileWriter.MaxKeyLength], out _).Should().BeFalse("it differs from the stored key in its last byte only");

        var entries = directory.Entries;
        entries.Select(e => e.Key).Should().BeEquivalentTo(keys);
    }

    [Fact]
    public void Growth_through_many_doublings_keeps_every_key()
    {
        const int Keys = 200_000;
        var directory = new KeyDirectory();
        for (var i = 0; i < Keys; i++)
        {
            directory.Set(Key(i), EntryFor(i)).Should().BeNull();
        }
        directory.Count.Should().Be(Keys);
        for (var i = 0; i < Keys; i++)
        {
            if (!directory.TryGet(Key(i), out var got) || got != EntryFor(i))
            {
                Assert.Fail($"key {i} lost or wrong after growing to {Keys} keys: {got}");
            }
        }
        directory.TryGet(Key(Keys), out _).Should().BeFalse();

        // Every second key removed and every fourth written again: the free list is reused.
        for (var i = 0; i < Keys; i += 2)
        {
            directory.Remove(Key(i)).Should().Be(EntryFor(i));
        }
        for (var i = 0; i < Keys; i += 4)
        {
            directory.Set(Key(i), EntryFor(i + 1)).Should().BeNull();
        }
        directory.Count.Should().Be(Keys / 2 + Keys / 4);
        for (var i = 0; i < Keys; i++)
        {
            var expected = i % 4 == 0 ? EntryFor(i + 1) : i % 2 == 0 ? (KeyDirEntry?)null : EntryFor(i);
            var found = directory.TryGet(Key(i), out var got);
            if (found != expected.HasValue || (found && got != expected))
            {
                Assert.Fail($"key {i}: expected {expected?.ToString() ?? "no entry"}, got {(found ? got.ToString() : "no entry")}");
            }
        }
    }

    [Fact]
    public void Deleted_keys_are_compacted_away_and_the_live_keys_survive_the_copy()
    {
        // 1 KiB keys: 3,000 of them are about 3 MiB, so deleting and rewriting them makes more than
        // a 1 MiB chunk of garbage, half of the key bytes, and the keys are copied into new chunks.
        var directory = new KeyDirectory();
        var model = new Dictionary<int, KeyDirEntry>();
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 3000; i++)
            {
                var key = Key(i, 1024);
                if ((i + round) % 3 == 0)
                {
                    directory.Remove(key).Should().Be(model.TryGetValue(i, out var old) ? old : null);
                    model.Remove(i);
                }
                else
                {
                    var entry = EntryFor(i + round * 10_000);
                    directory.Set(key, entry).Should().Be(model.TryGetValue(i, out var old) ? old : null);
                    model[i] = entry;
                }
            }
        }

        directory.Count.Should().Be(model.Count);
        foreach (var (i, entry) in model)
        {
            directory.TryGet(Key(i, 1024), out var got).Should().BeTrue();
            got.Should().Be(entry);
        }
        directory.Entries.ToDictionary(e => Encoding.ASCII.GetString(e.Key, 0, 10), e => e.Value)
            .Should().BeEquivalentTo(model.ToDictionary(e => e.Key.ToString("D10", System.Globalization.CultureInfo.InvariantCulture), e => e.Value));
    }

    [Fact]
    public void Keys_whose_hashes_collide_are_kept_apart()
    {
        // The hash is 32 bits, seeded per process: among 400,000 keys about 19 pairs share one
        // (n^2 / 2^33), so the search finds some in any process (the chance of none is about e^-19).
        var seen = new Dictionary<int, int>();
        var pairs = new List<(int, int)>();
        for (var i = 0; i < 400_000 && pairs.Count < 5; i++)
        {
            var hash = ByteArrayComparer.Instance.GetHashCode(Key(i));
            if (!seen.TryAdd(hash, i))
            {
                pairs.Add((seen[hash], i));
            }
        }
        output.WriteLine($"colliding pairs: {string.Join(", ", pairs)}");
        pairs.Should().NotBeEmpty("400,000 keys must hold two with the same 32-bit hash");

        var directory = new KeyDirectory();
        foreach (var (a, b) in pairs)
        {
            directory.Set(Key(a), EntryFor(a)).Should().BeNull();
            directory.Set(Key(b), EntryFor(b)).Should().BeNull("a different key with the same hash is a new key");
            directory.TryGet(Key(a), out var got).Should().BeTrue();
            got.Should().Be(EntryFor(a));
            directory.TryGet(Key(b), out got).Should().BeTrue();
            got.Should().Be(EntryFor(b));
        }
        foreach (var (a, b) in pairs)
        {
            directory.Remove(Key(a)).Should().Be(EntryFor(a));
            directory.TryGet(Key(a), out _).Should().BeFalse();
            directory.TryGet(Key(b), out var got).Should().BeTrue("removing one key of a colliding pair keeps the other");
            got.Should().Be(EntryFor(b));
        }
        directory.Count.Should().Be(pairs.Count);
    }

    [Fact]
    public void Random_operations_match_a_dictionary()
    {
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 300], Gen.Int[1, 40]).Array[1, 400].Sample(ops =>
        {
            var directory = new KeyDirectory();
            var model = new Dictionary<string, KeyDirEntry>();
            var version = 0;
            foreach (var (kind, k, length) in ops)
            {
                var key = Key(k, length);
                var name = Convert.ToHexString(key);
                version++;
                switch (kind)
                {
                    case 0:
                        directory.Set(key, EntryFor(version)).Should().Be(model.TryGetValue(name, out var old) ? old : null);
                        model[name] = EntryFor(version);
                        break;
                    case 1:
                        directory.Remove(key).Should().Be(model.TryGetValue(name, out var removed) ? removed : null);
                        model.Remove(name);
                        break;
                    default:
                        var expected = model.TryGetValue(name, out var current) ? current : EntryFor(0);
                        var replaced = directory.TryReplace(key, expected, EntryFor(version));
                        replaced.Should().Be(model.ContainsKey(name));
                        if (replaced)
                        {
                            model[name] = EntryFor(version);
                        }
                        break;
                }
            }
            directory.Count.Should().Be(model.Count);
            directory.Entries.ToDictionary(e => Convert.ToHexString(e.Key), e => e.Value).Should().BeEquivalentTo(model);
        }, iter: 200);
    }

    [Fact]
    public void Entries_beyond_what_the_packed_layout_holds_are_rejected()
    {
        var directory = new KeyDirectory();
        var key = TestData.Text("k");
        directory.Invoking(d => d.Set(key, new KeyDirEntry(1, 100, (long)uint.MaxValue + 1, 1)))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*32 bits*");
        directory.Invoking(d => d.Set(key, new KeyDirEntry(1, DataFileWriter.HeaderSize - 1, 0, 1)))
            .Should().Throw<ArgumentOutOfRangeException>();
        directory.Invoking(d => d.Set([], new KeyDirEntry(1, 100, 0, 1))).Should().Throw<ArgumentException>();
        directory.Set(key, new KeyDirEntry(int.MaxValue, int.MaxValue, uint.MaxValue, ulong.MaxValue)).Should().BeNull();
        directory.TryGet(key, out var got).Should().BeTrue();
        got.Should().Be(new KeyDirEntry(int.MaxValue, int.MaxValue, uint.MaxValue, ulong.MaxValue), "the largest values of every field round-trip");
        directory.Count.Should().Be(1);

        var fs = TestData.NewSimulator();
        FluentActions.Invoking(() => BitcaskStore.Open(fs, TestData.Db, new BitcaskOptions { MaxFileSize = BitcaskOptions.MaxFileSizeLimit + 1 }))
            .Should().Throw<ArgumentOutOfRangeException>();
        using var store = BitcaskStore.Open(fs, TestData.Db, new BitcaskOptions { MaxFileSize = BitcaskOptions.MaxFileSizeLimit });
        store.Put(key, TestData.Value(1, 10));
        store.Get(key).Should().Equal(TestData.Value(1, 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Readers_never_see_a_torn_or_missing_entry_while_the_writer_resizes_and_compacts(int seed)
    {
        // 64 stable keys are always present; the writer rewrites them with entries whose four fields
        // all derive from one version, so a reader that sees fields of two versions (a torn entry)
        // can tell. Meanwhile it adds 150,000 new keys (the buckets double from 64 to 262,144) and
        // churns 1 KiB keys (deletes and rewrites: several compactions of the key chunks).
        const int Stable = 64;
        var ct = TestContext.Current.CancellationToken;
        var directory = new KeyDirectory();
        for (var i = 0; i < Stable; i++)
        {
            directory.Set(Key(i), EntryFor(1));
        }
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var writerDone = 0;
        long reads = 0;
        using var start = new Barrier(3);

        void Writer()
        {
            var random = new Random(seed);
            start.SignalAndWait(ct);
            try
            {
                for (var op = 0; op < 150_000; op++)
                {
                    directory.Set(Key(1_000_000 + op), EntryFor(op + 1));
                    directory.Set(Key(random.Next(Stable)), EntryFor(op + 2));
                    var churn = Key(2_000_000 + (op % 4000), 1024);
                    if (op % 3 == 0)
                    {
                        directory.Remove(churn);
                    }
                    else
                    {
                        directory.Set(churn, EntryFor(op + 3));
                    }
                }
            }
            finally
            {
                Volatile.Write(ref writerDone, 1);
            }
        }

        void Reader(int id)
        {
            var random = new Random(seed * 10 + id);
            start.SignalAndWait(ct);
            while (Volatile.Read(ref writerDone) == 0 && problems.IsEmpty)
            {
                var k = random.Next(Stable);
                if (!directory.TryGet(Key(k), out var entry))
                {
                    problems.Enqueue($"stable key {k} not found");
                    continue;
                }
                var version = (long)((entry.Sequence - 1) / 7);
                if (entry != EntryFor((int)version))
                {
                    problems.Enqueue($"stable key {k}: torn entry {entry}");
                }
                Interlocked.Increment(ref reads);
            }
        }

        var tasks = new[] { Task.Run(Writer, ct), Task.Run(() => Reader(1), ct), Task.Run(() => Reader(2), ct) };
        var all = Task.WhenAll(tasks);
        (await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(2), ct))).Should().Be(all, "the writer and readers finish within two minutes");
        await all;
        output.WriteLine($"seed {seed}: {reads:N0} reads during the writes");

        problems.Should().BeEmpty();
        directory.Count.Should().Be(Stable + 150_000 + directory.Entries.Count(e => e.Key.Length == 1024));
        for (var op = 0; op < 150_000; op += 997)
        {
            directory.TryGet(Key(1_000_000 + op), out var got).Should().BeTrue();
            got.Should().Be(EntryFor(op + 1));
        }
    }
}
