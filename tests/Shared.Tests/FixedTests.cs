using CsCheck;
using FromScratch.Shared.Coding;

namespace FromScratch.Shared.Tests;

public class FixedTests
{
    [Fact]
    [Trait("Step", "01")]
    public void Write32_puts_the_least_significant_byte_first()
    {
        var buffer = new byte[4];
        Fixed.Write32(buffer, 0x11223344);
        buffer.Should().Equal(0x44, 0x33, 0x22, 0x11);
    }

    [Fact]
    [Trait("Step", "01")]
    public void Write16_and_Write64_are_little_endian()
    {
        var two = new byte[2];
        Fixed.Write16(two, 0xA1B2);
        two.Should().Equal(0xB2, 0xA1);

        var eight = new byte[8];
        Fixed.Write64(eight, 0x0102030405060708);
        eight.Should().Equal(8, 7, 6, 5, 4, 3, 2, 1);
    }

    [Fact]
    [Trait("Step", "01")]
    public void Read_decodes_known_bytes()
    {
        Fixed.Read16([0x34, 0x12]).Should().Be(0x1234);
        Fixed.Read32([0x78, 0x56, 0x34, 0x12]).Should().Be(0x12345678u);
        Fixed.Read64([0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01]).Should().Be(0x0123456789ABCDEFul);
    }

    [Theory]
    [Trait("Step", "01")]
    [InlineData(0ul)]
    [InlineData(1ul)]
    [InlineData(0xFFul)]
    [InlineData(0xFFFFul)]
    [InlineData(0xFFFF_FFFFul)]
    [InlineData(0x8000_0000_0000_0000ul)]
    [InlineData(ulong.MaxValue)]
    public void Values_at_the_boundaries_round_trip(ulong value)
    {
        var buffer = new byte[8];
        Fixed.Write16(buffer, (ushort)value);
        Fixed.Read16(buffer).Should().Be((ushort)value);
        Fixed.Write32(buffer, (uint)value);
        Fixed.Read32(buffer).Should().Be((uint)value);
        Fixed.Write64(buffer, value);
        Fixed.Read64(buffer).Should().Be(value);
    }

    [Fact]
    [Trait("Step", "01")]
    public void Every_value_round_trips()
    {
        // CsCheck runs samples on several threads: each sample gets its own buffer.
        Gen.UShort.Sample(v =>
        {
            Span<byte> buffer = stackalloc byte[8];
            Fixed.Write16(buffer, v);
            return Fixed.Read16(buffer) == v;
        });
        Gen.UInt.Sample(v =>
        {
            Span<byte> buffer = stackalloc byte[8];
            Fixed.Write32(buffer, v);
            return Fixed.Read32(buffer) == v;
        });
        Gen.ULong.Sample(v =>
        {
            Span<byte> buffer = stackalloc byte[8];
            Fixed.Write64(buffer, v);
            return Fixed.Read64(buffer) == v;
        });
    }

    [Fact]
    [Trait("Step", "01")]
    public void Writing_does_not_touch_bytes_after_the_width()
    {
        var buffer = Enumerable.Repeat((byte)0xEE, 12).ToArray();
        Fixed.Write32(buffer.AsSpan(2), 0);
        buffer.Should().Equal(0xEE, 0xEE, 0, 0, 0, 0, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE);
    }

    [Fact]
    [Trait("Step", "01")]
    public void A_span_shorter_than_the_width_throws()
    {
        var three = new byte[3];
        FluentActions.Invoking(() => Fixed.Write32(three, 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Read32(three)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Write64(new byte[7], 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Read64(new byte[7])).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Write16(new byte[1], 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Read16(new byte[1])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    [Trait("Step", "01")]
    public void A_write_into_a_short_span_throws_before_writing_a_byte()
    {
        // The span is a slice of a page: a write that stores two bytes and then throws has already
        // damaged it. The check comes first, for every width.
        var one = new byte[] { 0xEE };
        var three = new byte[] { 0xEE, 0xEE, 0xEE };
        var seven = Enumerable.Repeat((byte)0xEE, 7).ToArray();
        FluentActions.Invoking(() => Fixed.Write16(one, 0x1122)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Write32(three, 0x11223344)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Fixed.Write64(seven, 0x1122334455667788)).Should().Throw<ArgumentOutOfRangeException>();
        one.Should().Equal(0xEE);
        three.Should().Equal(0xEE, 0xEE, 0xEE);
        seven.Should().OnlyContain(b => b == 0xEE);
    }
}
