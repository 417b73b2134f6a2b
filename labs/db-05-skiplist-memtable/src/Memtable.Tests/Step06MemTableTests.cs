using CsCheck;

namespace FromScratch.Memtable.Tests;

/// <summary>Step 06: the memtable: entries encoded as LevelDB's memtable.cc writes them, reads at a snapshot, an iterator over internal keys, reference counting.</summary>
[Trait("Step", "06")]
public sealed class Step06MemTableTests
{
    private static byte[] B(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    private static MemTable NewMemTable() => new(InternalKeyComparator.Bytewise);

    private static string Get(MemTable memTable, string key, ulong sequence)
    {
        var result = memTable.Get(new LookupKey(B(key), sequence), out var value);
        var viaSpan = memTable.Get(B(key), sequence, out var value2);
        viaSpan.Should().Be(result, "both Get overloads agree");
        value2.ToArray().Should().Equal(value.ToArray());
        return result switch
        {
            MemTableGetResult.Found => "found " + System.Text.Encoding.Latin1.GetString(value),
            MemTableGetResult.Deleted => "deleted",
            _ => "absent",
        };
    }

    [Fact]
    public void An_entry_is_encoded_byte_for_byte_as_LevelDB_writes_it()
    {
        var memTable = NewMemTable();
        memTable.Add(5, EntryType.Value, B("k"), B("vv"));
        memTable.Add(6, EntryType.Deletion, B("k"), []);

        using var entries = memTable.Table.NewIterator();
        entries.SeekToFirst();
        Convert.ToHexString(entries.Key).Should().Be("09" + "6B" + "0006000000000000" + "00", "the deletion at 6: newest first; an empty value");
        entries.Next();
        Convert.ToHexString(entries.Key).Should().Be("09" + "6B" + "0105000000000000" + "02" + "7676", "klength 9, 'k', tag 5<<8|1, vlength 2, 'vv'");
        memTable.Unref();
    }

    [Fact]
    public void Get_at_a_snapshot_sees_the_newest_version_at_or_below_it()
    {
        var memTable = NewMemTable();
        memTable.Add(1, EntryType.Value, B("k"), B("v1"));
        memTable.Add(3, EntryType.Value, B("k"), B("v3"));
        memTable.Add(5, EntryType.Deletion, B("k"), []);
        memTable.Add(7, EntryType.Value, B("k"), B("v7"));

        Get(memTable, "k", 0).Should().Be("absent", "nothing was written at or before sequence 0");
        Get(memTable, "k", 1).Should().Be("found v1");
        Get(memTable, "k", 2).Should().Be("found v1", "the write at 3 is invisible to snapshot 2");
        Get(memTable, "k", 3).Should().Be("found v3");
        Get(memTable, "k", 4).Should().Be("found v3");
        Get(memTable, "k", 5).Should().Be("deleted", "a deletion hides the older values from newer snapshots");
        Get(memTable, "k", 6).Should().Be("deleted");
        Get(memTable, "k", 7).Should().Be("found v7");
        Get(memTable, "k", InternalKey.MaxSequenceNumber).Should().Be("found v7");
        memTable.Unref();
    }

    [Fact]
    public void Get_matches_the_whole_user_key_never_a_prefix_or_a_neighbour()
    {
        var memTable = NewMemTable();
        memTable.Add(1, EntryType.Value, B("abc"), B("x"));
        memTable.Add(2, EntryType.Value, B("abd"), B("y"));
        memTable.Add(3, EntryType.Value, B(""), B("empty key"));

        Get(memTable, "ab", 10).Should().Be("absent", "'ab' is a prefix of 'abc', not the same key");
        Get(memTable, "abcd", 10).Should().Be("absent");
        Get(memTable, "abd", 10).Should().Be("found y");
        Get(memTable, "zzz", 10).Should().Be("absent", "after the last key");
        Get(memTable, "", 10).Should().Be("found empty key", "the empty user key is a key");
        memTable.Unref();
    }

    [Fact]
    public void The_iterator_yields_internal_keys_in_order_with_their_values()
    {
        var memTable = NewMemTable();
        memTable.Add(2, EntryType.Value, B("b"), B("b2"));
        memTable.Add(1, EntryType.Value, B("a"), B("a1"));
        memTable.Add(3, EntryType.Deletion, B("a"), []);
        memTable.Add(4, EntryType.Value, B("c"), B("c4"));

        using var iterator = memTable.NewIterator();
        var seen = new List<string>();
        for (iterator.SeekToFirst(); iterator.Valid && seen.Count <= 4; iterator.Next())   // bounded: a Next that does not move fails, not hangs
        {
            InternalKey.TryParse(iterator.Key, out var key).Should().BeTrue();
            seen.Add(key.ToString() + " = " + System.Text.Encoding.Latin1.GetString(iterator.Value));
        }

        seen.Should().Equal("'a' @ 3 : 0 = ", "'a' @ 1 : 1 = a1", "'b' @ 2 : 1 = b2", "'c' @ 4 : 1 = c4");
        iterator.Seek(InternalKey.Encode(B("b"), 9, InternalKey.ValueTypeForSeek));
        InternalKey.UserKey(iterator.Key).ToArray().Should().Equal(B("b"), "Seek takes an internal key");
        iterator.Prev();
        InternalKey.Tag(iterator.Key).Should().Be(InternalKey.PackSequenceAndType(1, EntryType.Value));
        iterator.SeekToLast();
        InternalKey.UserKey(iterator.Key).ToArray().Should().Equal(B("c"));
        memTable.Unref();
    }

    [Fact]
    public void A_duplicate_sequence_for_a_key_is_refused()
    {
        var memTable = NewMemTable();
        memTable.Add(1, EntryType.Value, B("k"), B("v"));

        memTable.Invoking(m => m.Add(1, EntryType.Value, B("k"), B("w"))).Should().Throw<ArgumentException>("sequence numbers are unique per write");
        memTable.Invoking(m => m.Add(1UL << 56, EntryType.Value, B("k"), B("w"))).Should().Throw<ArgumentOutOfRangeException>();
        memTable.Count.Should().Be(1);
        memTable.Unref();
    }

    [Fact]
    public void An_iterator_keeps_the_memtable_alive_until_it_is_disposed()
    {
        var memTable = NewMemTable();
        memTable.Add(1, EntryType.Value, B("k"), B("v"));
        var iterator = memTable.NewIterator();

        memTable.Unref();   // the creator's reference
        iterator.SeekToFirst();
        iterator.Value.ToArray().Should().Equal(B("v"), "the iterator's reference keeps the arena");
        iterator.Dispose();
        iterator.Dispose();   // idempotent: releases once

        memTable.Invoking(m => m.Get(B("k"), 1, out _)).Should().Throw<ObjectDisposedException>("the last reference returned the arena's blocks");
        memTable.Invoking(m => m.Ref()).Should().Throw<ObjectDisposedException>();
        memTable.Invoking(m => m.Unref()).Should().Throw<InvalidOperationException>("more releases than references");
    }

    [Fact]
    public void Memory_usage_grows_with_the_entries()
    {
        var memTable = new MemTable(InternalKeyComparator.Bytewise, arenaBlockSize: 4096);
        var empty = memTable.ApproximateMemoryUsage;
        for (var i = 0; i < 10_000; i++)
        {
            memTable.Add((ulong)i + 1, EntryType.Value, B($"key{i:D6}"), new byte[100]);
        }

        memTable.ApproximateMemoryUsage.Should().BeGreaterThan(empty + (10_000L * (9 + 8 + 100)), "every entry's bytes are in the arena");
        const long EntryBytes = 10_000L * (1 + 9 + 8 + 1 + 100);   // klength, key, tag, vlength, value
        memTable.ApproximateMemoryUsage.Should().BeGreaterThanOrEqualTo(EntryBytes + memTable.Table.MemoryUsage, "the node chunks count as well as the arena's blocks");
        memTable.Count.Should().Be(10_000);
        memTable.Unref();
    }

    [Fact]
    public void Adding_allocates_nothing_beyond_the_arena_s_blocks_and_the_node_chunks()
    {
        var memTable = NewMemTable();
        var key = new byte[16];
        var value = new byte[100];
        for (var i = 0; i < 1000; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(key, i);
            memTable.Add((ulong)i + 1, EntryType.Value, key, value);   // warm up: JIT, first blocks
        }

        var usage = memTable.ApproximateMemoryUsage;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1000; i < 21_000; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(key, i);
            memTable.Add((ulong)i + 1, EntryType.Value, key, value);
        }

        var perInsert = (GC.GetAllocatedBytesForCurrentThread() - allocated - (memTable.ApproximateMemoryUsage - usage)) / 20_000.0;
        perInsert.Should().BeLessThan(1.0, "an insert allocates no object of its own: its entry goes in the arena, its node in a chunk");
        memTable.Unref();
    }

    /// <summary>Model-based (CsCheck, seeded): random puts and deletes of a few keys, then Get of every key at every sequence equals a model that replays the writes up to that sequence.</summary>
    [Fact]
    public void Random_writes_read_at_every_snapshot_match_a_model()
    {
        var write = Gen.Select(Gen.Int[0, 5], Gen.Bool, Gen.Int[0, 30]);
        write.Array[1, 40].Sample(writes =>
        {
            var memTable = NewMemTable();
            for (var i = 0; i < writes.Length; i++)
            {
                var (k, delete, length) = writes[i];
                memTable.Add((ulong)i + 1, delete ? EntryType.Deletion : EntryType.Value, B($"k{k}"), delete ? [] : B(new string((char)('a' + (i % 26)), length)));
            }

            for (ulong snapshot = 0; snapshot <= (ulong)writes.Length; snapshot++)
            {
                for (var k = 0; k <= 5; k++)
                {
                    var expected = "absent";
                    for (var i = 0; i < (int)snapshot; i++)
                    {
                        if (writes[i].Item1 == k)
                        {
                            expected = writes[i].Item2 ? "deleted" : "found " + new string((char)('a' + (i % 26)), writes[i].Item3);
                        }
                    }

                    Get(memTable, $"k{k}", snapshot).Should().Be(expected, $"k{k} at snapshot {snapshot}");
                }
            }

            memTable.Unref();
        }, iter: 100);
    }
}
