using System.Buffers;
using CsCheck;
using FromScratch.Shared.Coding;

namespace FromScratch.Shared.Tests;

public class VarintTests
{
    // Every value where the encoded length changes (2^(7k) - 1 and 2^(7k)), plus the ends of the ranges.
    public static TheoryData<ulong> Boundaries64()
    {
        var data = new TheoryData<ulong> { 0, 1, 127, 128, 300, 16383, 16384, uint.MaxValue, 1ul << 32, 1ul << 63, ulong.MaxValue, ulong.MaxValue - 1 };
        for (var k = 1; k <= 9; k++)
        {
            data.Add((1ul << (7 * k)) - 1);
            data.Add(1ul << (7 * k));
        }

        return data;
    }

    [Theory]
    [Trait("Step", "02")]
    [InlineData(0ul, "00")]
    [InlineData(1ul, "01")]
    [InlineData(127ul, "7F")]
    [InlineData(128ul, "8001")]
    [InlineData(300ul, "AC02")]
    [InlineData(16383ul, "FF7F")]
    [InlineData(16384ul, "808001")]
    [InlineData(4294967295ul, "FFFFFFFF0F")]
    [InlineData(9223372036854775808ul, "80808080808080808001")]
    [InlineData(18446744073709551615ul, "FFFFFFFFFFFFFFFFFF01")]
    public void Write64_produces_the_protobuf_encoding(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxLength64];
        var n = Varint.Write64(buffer, value);
        Convert.ToHexString(buffer, 0, n).Should().Be(hex);
        Varint.Length(value).Should().Be(n);
    }

    [Theory]
    [Trait("Step", "02")]
    [MemberData(nameof(Boundaries64))]
    public void Boundary_values_round_trip_as_varint64(ulong value)
    {
        var buffer = new byte[Varint.MaxLength64 + 3];
        var written = Varint.Write64(buffer, value);
        written.Should().Be(Varint.Length(value));
        Varint.Decode64(buffer, out var decoded, out var consumed).Should().Be(OperationStatus.Done);
        decoded.Should().Be(value);
        consumed.Should().Be(written);
    }

    [Theory]
    [Trait("Step", "02")]
    [InlineData(0u, 1)]
    [InlineData(127u, 1)]
    [InlineData(128u, 2)]
    [InlineData(16383u, 2)]
    [InlineData(16384u, 3)]
    [InlineData(2097151u, 3)]
    [InlineData(2097152u, 4)]
    [InlineData(268435455u, 4)]
    [InlineData(268435456u, 5)]
    [InlineData(uint.MaxValue, 5)]
    public void Boundary_values_round_trip_as_varint32(uint value, int length)
    {
        var buffer = new byte[Varint.MaxLength32];
        Varint.Write32(buffer, value).Should().Be(length);
        Varint.Read32(buffer, out var consumed).Should().Be(value);
        consumed.Should().Be(length);
        Varint.TryRead32(buffer.AsSpan(0, length), out var tried, out _).Should().BeTrue();
        tried.Should().Be(value);
    }

    [Fact]
    [Trait("Step", "02")]
    public void Random_uint_values_round_trip()
    {
        // CsCheck runs samples on several threads: each sample gets its own buffer.
        Gen.UInt.Sample(value =>
        {
            var buffer = new byte[Varint.MaxLength32];
            var written = Varint.Write32(buffer, value);
            return Varint.Decode32(buffer.AsSpan(0, written), out var decoded, out var consumed) == OperationStatus.Done
                && decoded == value && consumed == written && written == Varint.Length(value);
        });
    }

    [Fact]
    [Trait("Step", "02")]
    public void Random_ulong_values_round_trip()
    {
        // Gen.ULong is uniform, so it almost always yields 10-byte values; also draw by bit length.
        var byBitLength = Gen.Int[0, 64].SelectMany(bits => Gen.ULong.Select(v => bits == 64 ? v : v & ((1ul << bits) - 1)));
        Gen.OneOf(Gen.ULong, byBitLength).Sample(value =>
        {
            var buffer = new byte[Varint.MaxLength64]; // one per sample: CsCheck samples in parallel
            var written = Varint.Write64(buffer, value);
            return Varint.TryRead64(buffer.AsSpan(0, written), out var decoded, out var consumed)
                && decoded == value && consumed == written && written == Varint.Length(value);
        });
    }

    [Fact]
    [Trait("Step", "02")]
    public void Length_is_the_number_of_7_bit_groups()
    {
        Gen.ULong.Sample(value =>
        {
            var expected = 1;
            for (var v = value >> 7; v != 0; v >>= 7)
            {
                expected++;
            }

            return Varint.Length(value) == expected;
        });
    }

    [Fact]
    [Trait("Step", "02")]
    public void Decoding_stops_at_the_end_of_the_varint()
    {
        byte[] input = [0xAC, 0x02, 0xFF, 0xFF];
        Varint.Decode32(input, out var value, out var consumed).Should().Be(OperationStatus.Done);
        value.Should().Be(300u);
        consumed.Should().Be(2);
    }

    [Fact]
    [Trait("Step", "02")]
    public void A_non_minimal_encoding_is_accepted()
    {
        Varint.Decode32([0x80, 0x00], out var value, out var consumed).Should().Be(OperationStatus.Done);
        value.Should().Be(0u);
        consumed.Should().Be(2);
    }

    [Theory]
    [Trait("Step", "02")]
    [MemberData(nameof(Boundaries64))]
    public void Every_truncated_prefix_needs_more_data(ulong value)
    {
        var encoded = new byte[Varint.MaxLength64];
        var length = Varint.Write64(encoded, value);
        for (var prefix = 0; prefix < length; prefix++)
        {
            // An exact-size array: reading past it would throw, not pass silently.
            var truncated = encoded.AsSpan(0, prefix).ToArray();
            Varint.Decode64(truncated, out var decoded, out var consumed).Should().Be(OperationStatus.NeedMoreData, "prefix {0} of {1}", prefix, length);
            decoded.Should().Be(0);
            consumed.Should().Be(0);
            Varint.TryRead64(truncated, out _, out _).Should().BeFalse();
            FluentActions.Invoking(() => Varint.Read64(truncated, out _))
                .Should().Throw<InvalidDataException>().WithMessage("*runcated*");
            if (value <= uint.MaxValue)
            {
                Varint.Decode32(truncated, out _, out _).Should().Be(OperationStatus.NeedMoreData);
            }
        }
    }

    [Fact]
    [Trait("Step", "02")]
    public void A_varint32_of_six_bytes_is_invalid()
    {
        byte[] six = [0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        Varint.Decode32(six, out _, out _).Should().Be(OperationStatus.InvalidData);
        // Five continuation bytes are already too long: more input cannot make it valid.
        Varint.Decode32(six.AsSpan(0, 5), out _, out _).Should().Be(OperationStatus.InvalidData);
        FluentActions.Invoking(() => Varint.Read32(six, out _))
            .Should().Throw<InvalidDataException>().WithMessage("*alformed*");
    }

    [Theory]
    [Trait("Step", "02")]
    [InlineData(0x10)]
    [InlineData(0x1F)]
    [InlineData(0x7F)]
    public void A_fifth_varint32_byte_above_0x0F_overflows(byte fifth)
    {
        byte[] input = [0xFF, 0xFF, 0xFF, 0xFF, fifth];
        Varint.Decode32(input, out _, out _).Should().Be(OperationStatus.InvalidData);
        Varint.TryRead32(input, out _, out _).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "02")]
    public void A_value_above_32_bits_is_a_valid_varint64_but_not_a_varint32()
    {
        var buffer = new byte[Varint.MaxLength64];
        var n = Varint.Write64(buffer, 1ul << 32);
        Varint.Decode32(buffer.AsSpan(0, n), out _, out _).Should().Be(OperationStatus.InvalidData);
        Varint.Decode64(buffer.AsSpan(0, n), out var wide, out _).Should().Be(OperationStatus.Done);
        wide.Should().Be(1ul << 32);
    }

    [Fact]
    [Trait("Step", "02")]
    public void A_varint64_of_eleven_bytes_is_invalid()
    {
        byte[] eleven = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        Varint.Decode64(eleven, out _, out _).Should().Be(OperationStatus.InvalidData);
        Varint.Decode64(eleven.AsSpan(0, 10), out _, out _).Should().Be(OperationStatus.InvalidData);
        FluentActions.Invoking(() => Varint.Read64(eleven, out _)).Should().Throw<InvalidDataException>();
    }

    [Theory]
    [Trait("Step", "02")]
    [InlineData(0x02)]
    [InlineData(0x7F)]
    public void A_tenth_varint64_byte_above_1_overflows(byte tenth)
    {
        byte[] input = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, tenth];
        Varint.Decode64(input, out _, out _).Should().Be(OperationStatus.InvalidData);
    }

    [Fact]
    [Trait("Step", "02")]
    public void Arbitrary_bytes_never_decode_past_the_span_or_claim_more_than_they_hold()
    {
        Gen.Byte.Array[0, 12].Sample(bytes =>
        {
            var status64 = Varint.Decode64(bytes, out _, out var consumed64);
            var status32 = Varint.Decode32(bytes, out _, out var consumed32);
            return (status64 == OperationStatus.Done ? consumed64 >= 1 && consumed64 <= Math.Min(bytes.Length, 10) : consumed64 == 0)
                && (status32 == OperationStatus.Done ? consumed32 >= 1 && consumed32 <= Math.Min(bytes.Length, 5) : consumed32 == 0);
        });
    }

    [Fact]
    [Trait("Step", "02")]
    public void Writing_into_a_short_span_fails_without_writing()
    {
        var buffer = new byte[2];
        Varint.TryWrite32(buffer, 16384, out var written).Should().BeFalse();
        written.Should().Be(0);
        buffer.Should().Equal(0, 0);
        Varint.TryWrite64(buffer, 300, out written).Should().BeTrue();
        written.Should().Be(2);
        FluentActions.Invoking(() => Varint.Write64(new byte[9], ulong.MaxValue)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Varint.Write32(Span<byte>.Empty, 0)).Should().Throw<ArgumentException>();
    }
}
