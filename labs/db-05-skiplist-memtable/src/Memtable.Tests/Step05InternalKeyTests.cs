using FromScratch.Shared.KeyValue;

namespace FromScratch.Memtable.Tests;

/// <summary>
/// Step 05: LevelDB's internal key, byte for byte, and its order: user key ascending, then sequence
/// descending, then type descending. Cases follow LevelDB's db/dbformat_test.cc.
/// </summary>
[Trait("Step", "05")]
public sealed class Step05InternalKeyTests
{
    private static byte[] Ik(string userKey, ulong sequence, EntryType type) =>
        InternalKey.Encode(System.Text.Encoding.Latin1.GetBytes(userKey), sequence, type);

    private static int Compare(byte[] a, byte[] b) => InternalKeyComparator.Bytewise.Compare(a, b);

    [Fact]
    public void The_tag_is_the_sequence_shifted_left_by_eight_with_the_type_in_the_low_byte_little_endian()
    {
        Convert.ToHexString(Ik("abc", 5, EntryType.Value)).Should().Be("616263" + "0105000000000000");
        Convert.ToHexString(Ik("abc", 5, EntryType.Deletion)).Should().Be("616263" + "0005000000000000");
        Convert.ToHexString(Ik("", InternalKey.MaxSequenceNumber, EntryType.Value)).Should().Be("01FFFFFFFFFFFFFF");
        InternalKey.PackSequenceAndType(0x123456, EntryType.Value).Should().Be(0x12345601UL);
    }

    [Theory]
    [InlineData("", 0UL)]
    [InlineData("k", 1UL)]
    [InlineData("hello", 255UL)]
    [InlineData("hello", 256UL)]
    [InlineData("\u00ff\u00ff", 65535UL)]
    [InlineData("x", (1UL << 32) - 1)]
    [InlineData("x", 1UL << 32)]
    [InlineData("x", (1UL << 56) - 1)]
    public void Encode_then_parse_gives_back_the_user_key_sequence_and_type(string userKey, ulong sequence)
    {
        foreach (var type in new[] { EntryType.Value, EntryType.Deletion })
        {
            var encoded = Ik(userKey, sequence, type);

            InternalKey.TryParse(encoded, out var parsed).Should().BeTrue();
            System.Text.Encoding.Latin1.GetString(parsed.UserKey).Should().Be(userKey);
            parsed.Sequence.Should().Be(sequence);
            parsed.Type.Should().Be(type);
            encoded.Length.Should().Be(userKey.Length + InternalKey.TagSize);
        }
    }

    [Fact]
    public void Parse_refuses_a_key_shorter_than_its_tag_or_with_an_unknown_type()
    {
        InternalKey.TryParse(new byte[7], out _).Should().BeFalse("shorter than the 8-byte tag");
        var key = Ik("k", 1, EntryType.Value);
        key[1] = 2;   // the tag's low byte: type 2
        InternalKey.TryParse(key, out _).Should().BeFalse("types are 0 and 1");
        FluentActions.Invoking(() => InternalKey.PackSequenceAndType(1UL << 56, EntryType.Value)).Should().Throw<ArgumentOutOfRangeException>("sequence numbers are below 2^56");
        FluentActions.Invoking(() => InternalKey.PackSequenceAndType(1, (EntryType)2)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => InternalKey.UserKey(new byte[3])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Same_user_key_sorts_by_sequence_descending_then_type_descending()
    {
        Compare(Ik("a", 9, EntryType.Value), Ik("a", 7, EntryType.Value)).Should().BeNegative("newer first");
        Compare(Ik("a", 7, EntryType.Value), Ik("a", 7, EntryType.Deletion)).Should().BeNegative("a value before a deletion of the same sequence");
        Compare(Ik("a", InternalKey.MaxSequenceNumber, EntryType.Deletion), Ik("a", 0, EntryType.Value)).Should().BeNegative("2^56 - 1 is the newest");
        Compare(Ik("a", 0, EntryType.Deletion), Ik("a", 0, EntryType.Deletion)).Should().Be(0);
        Compare(Ik("a", 1UL << 55, EntryType.Value), Ik("a", (1UL << 55) - 1, EntryType.Value)).Should().BeNegative("tags compare as unsigned 64-bit numbers");
    }

    [Fact]
    public void User_keys_come_first_unsigned_and_a_prefix_before_its_extensions()
    {
        Compare(Ik("a", 1, EntryType.Value), Ik("b", 100, EntryType.Value)).Should().BeNegative("the user key decides before the sequence");
        Compare(Ik("\u007f", 1, EntryType.Value), Ik("\u0080", 1, EntryType.Value)).Should().BeNegative("0x7F before 0x80: unsigned bytes");
        Compare(Ik("ab", 1, EntryType.Value), Ik("ab\u0000", 9, EntryType.Value)).Should().BeNegative("a prefix before its extensions, whatever the tags");
        Compare(Ik("", 1, EntryType.Value), Ik("\u0000", 1, EntryType.Value)).Should().BeNegative("the empty user key first");
    }

    [Fact]
    public void The_comparator_carries_LevelDB_s_name_and_its_user_comparator()
    {
        InternalKeyComparator.Bytewise.Name.Should().Be("leveldb.InternalKeyComparator");
        InternalKeyComparator.Bytewise.UserComparator.Name.Should().Be("leveldb.BytewiseComparator");
    }

    [Fact]
    public void Shortest_separator_shortens_only_different_correctly_ordered_user_keys()
    {
        // LevelDB's dbformat_test.cc, InternalKeyShortSeparator.
        byte[] Shorten(byte[] start, byte[] limit) => InternalKeyComparator.Bytewise.FindShortestSeparator(start, limit);

        Shorten(Ik("foo", 100, EntryType.Value), Ik("foo", 99, EntryType.Value)).Should().Equal(Ik("foo", 100, EntryType.Value), "same user key");
        Shorten(Ik("foo", 100, EntryType.Value), Ik("foo", 101, EntryType.Value)).Should().Equal(Ik("foo", 100, EntryType.Value));
        Shorten(Ik("foo", 100, EntryType.Value), Ik("foo", 100, EntryType.Deletion)).Should().Equal(Ik("foo", 100, EntryType.Value));
        Shorten(Ik("foo", 100, EntryType.Value), Ik("bar", 99, EntryType.Value)).Should().Equal(Ik("foo", 100, EntryType.Value), "misordered user keys");
        Shorten(Ik("foo", 100, EntryType.Value), Ik("hello", 200, EntryType.Value)).Should().Equal(Ik("g", InternalKey.MaxSequenceNumber, InternalKey.ValueTypeForSeek), "different, ordered user keys: shortened, with the first tag");
        Shorten(Ik("foo", 100, EntryType.Value), Ik("foobar", 200, EntryType.Value)).Should().Equal(Ik("foo", 100, EntryType.Value), "start is a prefix of limit");
        Shorten(Ik("foobar", 100, EntryType.Value), Ik("foo", 200, EntryType.Value)).Should().Equal(Ik("foobar", 100, EntryType.Value), "limit is a prefix of start");
    }

    [Fact]
    public void Short_successor_shortens_the_user_key_with_the_first_tag()
    {
        // LevelDB's dbformat_test.cc, InternalKeyShortestSuccessor.
        InternalKeyComparator.Bytewise.FindShortSuccessor(Ik("foo", 100, EntryType.Value)).Should().Equal(Ik("g", InternalKey.MaxSequenceNumber, InternalKey.ValueTypeForSeek));
        InternalKeyComparator.Bytewise.FindShortSuccessor(Ik("\u00ff\u00ff", 100, EntryType.Value)).Should().Equal(Ik("\u00ff\u00ff", 100, EntryType.Value));
    }

    [Fact]
    public void A_lookup_key_is_the_memtable_key_the_internal_key_and_the_user_key_at_once()
    {
        var lookup = new LookupKey("k"u8, 5);

        Convert.ToHexString(lookup.MemtableKey).Should().Be("09" + "6B" + "0105000000000000", "varint32 length 9, the user key, the seek tag");
        lookup.InternalKey.ToArray().Should().Equal(Ik("k", 5, InternalKey.ValueTypeForSeek));
        lookup.UserKey.ToArray().Should().Equal("k"u8.ToArray());
        lookup.Sequence.Should().Be(5);
    }

    [Fact]
    public void A_custom_user_comparator_orders_the_user_keys()
    {
        var reversed = new InternalKeyComparator(new ReverseComparator());

        reversed.Compare(Ik("a", 1, EntryType.Value), Ik("b", 1, EntryType.Value)).Should().BePositive("the user comparator says b before a");
        reversed.Compare(Ik("a", 2, EntryType.Value), Ik("a", 1, EntryType.Value)).Should().BeNegative("sequences still descend");
    }

    private sealed class ReverseComparator : IKeyComparator
    {
        public string Name => "test.ReverseBytewise";

        public int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => b.SequenceCompareTo(a);

        public byte[] FindShortestSeparator(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit) => start.ToArray();

        public byte[] FindShortSuccessor(ReadOnlySpan<byte> key) => key.ToArray();
    }
}
