using CsCheck;
using FromScratch.Shared.Coding;

namespace FromScratch.Shared.Tests;

public class ZigZagTests
{
    [Theory]
    [Trait("Step", "02")]
    [InlineData(0, 0u)]
    [InlineData(-1, 1u)]
    [InlineData(1, 2u)]
    [InlineData(-2, 3u)]
    [InlineData(2, 4u)]
    [InlineData(-64, 127u)]
    [InlineData(64, 128u)]
    [InlineData(int.MaxValue, 0xFFFFFFFEu)]
    [InlineData(int.MinValue, 0xFFFFFFFFu)]
    public void Encode32_interleaves_negative_and_positive(int value, uint expected)
    {
        ZigZag.Encode32(value).Should().Be(expected);
        ZigZag.Decode32(expected).Should().Be(value);
    }

    [Theory]
    [Trait("Step", "02")]
    [InlineData(0L, 0ul)]
    [InlineData(-1L, 1ul)]
    [InlineData(1L, 2ul)]
    [InlineData(long.MaxValue, 0xFFFF_FFFF_FFFF_FFFEul)]
    [InlineData(long.MinValue, 0xFFFF_FFFF_FFFF_FFFFul)]
    [InlineData(-4611686018427387904L, 0x7FFF_FFFF_FFFF_FFFFul)]
    [InlineData(4611686018427387904L, 0x8000_0000_0000_0000ul)]
    public void Encode64_interleaves_negative_and_positive(long value, ulong expected)
    {
        ZigZag.Encode64(value).Should().Be(expected);
        ZigZag.Decode64(expected).Should().Be(value);
    }

    [Fact]
    [Trait("Step", "02")]
    public void Every_value_round_trips_both_ways()
    {
        Gen.Int.Sample(v => ZigZag.Decode32(ZigZag.Encode32(v)) == v);
        Gen.UInt.Sample(z => ZigZag.Encode32(ZigZag.Decode32(z)) == z);
        Gen.Long.Sample(v => ZigZag.Decode64(ZigZag.Encode64(v)) == v);
        Gen.ULong.Sample(z => ZigZag.Encode64(ZigZag.Decode64(z)) == z);
    }

    [Fact]
    [Trait("Step", "02")]
    public void Small_magnitudes_get_short_varints()
    {
        // The point of zigzag: -1 costs one byte, where a two's-complement varint64 costs ten.
        Varint.Length(ZigZag.Encode64(-1)).Should().Be(1);
        Varint.Length(unchecked((ulong)-1L)).Should().Be(10);
        Gen.Int[-64, 63].Sample(v => Varint.Length(ZigZag.Encode32(v)) == 1);
    }
}
