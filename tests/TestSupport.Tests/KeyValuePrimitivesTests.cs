using System.Buffers.Binary;
using CsCheck;
using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;
using FromScratch.Shared.IO;
using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>
/// The shared key-value primitives that the contract suite and every engine build on: the write
/// batch in LevelDB's encoding, the bytewise comparator with LevelDB's shortening rules, the byte
/// array comparer, the fixtures' checksummed record, and Scan over an iterator.
/// </summary>
[Trait("Step", "00")]
public sealed class KeyValuePrimitivesTests
{
    private static string Text(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);

    private static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    /// <summary>The worked example of WriteBatch's header comment, byte for byte.</summary>
    [Fact]
    public void WriteBatch_encodes_as_LevelDB_does_byte_for_byte()
    {
        var batch = new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("v")).Delete(Bytes.Of("k"));
        batch.Sequence = 7;

        Convert.ToHexString(batch.Contents.Span).Should().Be("0700000000000000" + "02000000" + "01016B0176" + "00016B");
        batch.Count.Should().Be(2);
        batch.ApproximateSize.Should().Be(WriteBatch.HeaderSize + 5 + 3);
    }

    /// <summary>Decode gives back every operation in order, a delete as a delete (Value null) and an empty value as an empty put.</summary>
    [Fact]
    public void WriteBatch_decodes_puts_deletes_and_empty_values()
    {
        var batch = new WriteBatch().Put(Bytes.Of("a"), Bytes.Of("1")).Delete(Bytes.Of("b")).Put(Bytes.Of("c"), []);
        batch.Sequence = 0x0102030405060708;

        var decoded = WriteBatch.Decode(batch.Contents.Span);

        decoded.Sequence.Should().Be(0x0102030405060708);
        decoded.Operations.Select(o => (Text(o.Key.ToArray()), o.IsDelete, o.Value?.Length)).Should().Equal(
            ("a", false, (int?)1), ("b", true, null), ("c", false, 0));
        batch.Operations.Select(o => o.IsDelete).Should().Equal(false, true, false);
    }

    /// <summary>Append concatenates the records and adds the counts; Clear empties the batch and resets its sequence.</summary>
    [Fact]
    public void WriteBatch_append_and_clear()
    {
        var first = new WriteBatch().Put(Bytes.Of("a"), Bytes.Of("1"));
        first.Sequence = 9;
        var second = new WriteBatch().Delete(Bytes.Of("b")).Put(Bytes.Of("c"), Bytes.Of("3"));

        first.Append(second);

        first.Count.Should().Be(3);
        first.Sequence.Should().Be(9);
        first.Operations.Select(o => Text(o.Key.ToArray())).Should().Equal("a", "b", "c");
        first.Clear();
        first.Count.Should().Be(0);
        first.Sequence.Should().Be(0);
        first.Operations.Should().BeEmpty();
        first.Contents.Length.Should().Be(WriteBatch.HeaderSize);
    }

    /// <summary>Operations read before a change are not reused after it: the list reflects every Put and Delete added since.</summary>
    [Fact]
    public void WriteBatch_operations_follow_later_changes()
    {
        var batch = new WriteBatch().Put(Bytes.Of("a"), Bytes.Of("1"));
        batch.Operations.Should().HaveCount(1);

        batch.Delete(Bytes.Of("a"));

        batch.Operations.Should().HaveCount(2);
        batch.Operations[1].IsDelete.Should().BeTrue();
    }

    /// <summary>Malformed encodings raise <see cref="CorruptionException"/> naming the offset: too short, an unknown type, a truncated key or value, a count that disagrees.</summary>
    [Theory]
    [InlineData("0000000000000000", 0, "at least 12 bytes")]
    [InlineData("000000000000000001000000" + "02016B", 12, "unknown write-batch record type 0x02")]
    [InlineData("000000000000000001000000" + "01056B", 13, "put's key is truncated")]
    [InlineData("000000000000000001000000" + "01016B03", 15, "put's value is truncated")]
    [InlineData("000000000000000002000000" + "00016B", 8, "counts 2 records but it holds 1")]
    public void WriteBatch_decode_reports_malformed_batches(string hex, long offset, string reason)
    {
        var act = () => WriteBatch.Decode(Convert.FromHexString(hex), "000005.log", 100);

        act.Should().Throw<CorruptionException>()
            .Where(e => e.Offset == 100 + offset && e.FilePath == "000005.log" && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    /// <summary>Random batches (CsCheck, seeded) survive encode then decode unchanged.</summary>
    [Fact]
    public void WriteBatch_round_trips_random_batches()
    {
        var op = Gen.Select(Gen.Byte.Array[1, 20], Gen.Byte.Array[0, 300], Gen.Bool);
        Gen.Select(op.Array[0, 30], Gen.ULong).Sample((ops, sequence) =>
        {
            var batch = new WriteBatch();
            foreach (var (key, value, delete) in ops)
            {
                _ = delete ? batch.Delete(key) : batch.Put(key, value);
            }

            batch.Sequence = sequence;
            var decoded = WriteBatch.Decode(batch.Contents.Span);

            decoded.Sequence.Should().Be(sequence);
            decoded.Operations.Select(o => (Convert.ToHexString(o.Key.Span), o.Value is { } v ? Convert.ToHexString(v.Span) : null)).Should().Equal(
                ops.Select(o => (Convert.ToHexString(o.Item1), o.Item3 ? null : Convert.ToHexString(o.Item2))));
        });
    }

    /// <summary>The shortening examples of BytewiseComparator's header (LevelDB's util/comparator.cc rules).</summary>
    [Theory]
    [InlineData("abcdef", "abzz", "abd")]
    [InlineData("abc", "abcdef", "abc")]
    [InlineData("ab\u00FF", "ac", "ab\u00FF")]
    [InlineData("abc", "abd", "abc")]
    [InlineData("abd", "abc", "abd")]
    [InlineData("", "a", "")]
    [InlineData("a\u0001", "c", "b")]
    public void Bytewise_shortest_separator(string start, string limit, string expected)
    {
        var separator = BytewiseComparator.Instance.FindShortestSeparator(Latin1(start), Latin1(limit));

        Text(separator).Should().Be(expected);
    }

    /// <summary>FindShortSuccessor increments the first byte that is not 0xFF and cuts after it; all 0xFF stays.</summary>
    [Theory]
    [InlineData("abc", "b")]
    [InlineData("\u00FF\u00FFab", "\u00FF\u00FFb")]
    [InlineData("\u00FF\u00FF", "\u00FF\u00FF")]
    [InlineData("a", "b")]
    [InlineData("", "")]
    [InlineData("\u00FFa", "\u00FFb")]
    public void Bytewise_short_successor(string key, string expected) =>
        Text(BytewiseComparator.Instance.FindShortSuccessor(Latin1(key))).Should().Be(expected);

    /// <summary>Random pairs: a separator lies in [start, limit) when start &lt; limit and is never longer than start; a successor is &gt;= the key and never longer.</summary>
    [Fact]
    public void Bytewise_shortening_keeps_its_bounds()
    {
        var key = Gen.Byte[0, 255].Select(b => b < 64 ? (byte)0xFF : b).Array[0, 6];
        Gen.Select(key, key).Sample((a, b) =>
        {
            var comparator = BytewiseComparator.Instance;
            var (start, limit) = comparator.Compare(a, b) <= 0 ? (a, b) : (b, a);
            var separator = comparator.FindShortestSeparator(start, limit);
            comparator.Compare(separator, start).Should().BeGreaterThanOrEqualTo(0);
            separator.Length.Should().BeLessThanOrEqualTo(start.Length);
            if (comparator.Compare(start, limit) < 0)
            {
                comparator.Compare(separator, limit).Should().BeNegative();
            }

            var successor = comparator.FindShortSuccessor(a);
            comparator.Compare(successor, a).Should().BeGreaterThanOrEqualTo(0);
            successor.Length.Should().BeLessThanOrEqualTo(a.Length);
        });
    }

    /// <summary>The bytewise comparator orders unsigned, a prefix first, and carries LevelDB's name.</summary>
    [Fact]
    public void Bytewise_order_is_unsigned_with_prefixes_first()
    {
        var comparator = BytewiseComparator.Instance;
        comparator.Name.Should().Be("leveldb.BytewiseComparator");
        comparator.Compare([0x7F], [0x80]).Should().BeNegative();
        comparator.Compare([1], [1, 0]).Should().BeNegative();
        comparator.Compare([2], [1, 0xFF]).Should().BePositive();
        comparator.Compare([], []).Should().Be(0);
    }

    /// <summary>ByteArrayComparer agrees with the bytewise order, hashes by content, and finds array keys by span.</summary>
    [Fact]
    public void ByteArrayComparer_orders_like_bytewise_and_looks_up_by_span()
    {
        var comparer = ByteArrayComparer.Instance;
        comparer.Compare([0x7F], [0x80]).Should().BeNegative();
        comparer.Compare(null, [0]).Should().BeNegative();
        comparer.Equals([1, 2], [1, 2]).Should().BeTrue();
        comparer.GetHashCode([1, 2]).Should().Be(comparer.GetHashCode([1, 2]));

        var dictionary = new Dictionary<byte[], int>(comparer) { [[1, 2, 3]] = 7 };
        var lookup = dictionary.GetAlternateLookup<ReadOnlySpan<byte>>();
        lookup.TryGetValue([1, 2, 3], out var found).Should().BeTrue();
        found.Should().Be(7);
        lookup.TryGetValue([1, 2], out _).Should().BeFalse();
    }

    /// <summary>ChecksummedRecord: header layout, a masked checksum (so zeros never read as a record), truncation and damage told apart.</summary>
    [Fact]
    public void ChecksummedRecord_frames_payloads_and_rejects_damage()
    {
        var record = ChecksummedRecord.Encode(Bytes.Of("hi"));

        BinaryPrimitives.ReadUInt32LittleEndian(record).Should().Be(2);
        BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(4)).Should().Be(Crc32C.Mask(Crc32C.Compute(Bytes.Of("hi"))));
        ChecksummedRecord.TryRead(record, out var payload, out var consumed).Should().Be(ChecksummedRecord.ReadStatus.Ok);
        Text(payload.ToArray()).Should().Be("hi");
        consumed.Should().Be(10);

        ChecksummedRecord.TryRead(new byte[8], out _, out _).Should().Be(ChecksummedRecord.ReadStatus.ChecksumMismatch, "a header of zeros is not an empty record");
        ChecksummedRecord.TryRead(record.AsSpan(0, 9), out _, out _).Should().Be(ChecksummedRecord.ReadStatus.Truncated);
        ChecksummedRecord.TryRead(record.AsSpan(0, 7), out _, out _).Should().Be(ChecksummedRecord.ReadStatus.Truncated);
        record[9] ^= 1;
        ChecksummedRecord.TryRead(record, out _, out consumed).Should().Be(ChecksummedRecord.ReadStatus.ChecksumMismatch);
        consumed.Should().Be(0);
    }

    /// <summary>Scan over the iterator: start included, end excluded, empty end to the last key, the state at the call even if enumerated after later writes.</summary>
    [Fact]
    public void Scan_is_bounded_and_reads_the_state_at_the_call()
    {
        using var store = new InMemoryKeyValueStore();
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            store.Put(Bytes.Of(key), Bytes.Of(key.ToUpperInvariant()));
        }

        var scan = store.Scan(Bytes.Of("b"), Bytes.Of("d"));
        store.Put(Bytes.Of("bb"), Bytes.Of("later"));

        scan.Select(e => Text(e.Key)).Should().Equal("b", "c");
        store.Scan(Bytes.Of("c"), default).Select(e => Text(e.Key)).Should().Equal("c", "d");
        store.Scan(Bytes.Of("d"), Bytes.Of("a")).Should().BeEmpty();
    }
}
