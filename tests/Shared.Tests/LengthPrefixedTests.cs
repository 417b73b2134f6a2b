using System.Buffers;
using CsCheck;
using FromScratch.Shared.Coding;

namespace FromScratch.Shared.Tests;

public class LengthPrefixedTests
{
    [Fact]
    [Trait("Step", "02")]
    public void Write_puts_the_varint_length_before_the_bytes()
    {
        var buffer = new byte[8];
        LengthPrefixed.Write(buffer, "abc"u8).Should().Be(4);
        buffer.AsSpan(0, 4).ToArray().Should().Equal(3, (byte)'a', (byte)'b', (byte)'c');
    }

    [Theory]
    [Trait("Step", "02")]
    [InlineData(0, 1)]
    [InlineData(127, 128)]
    [InlineData(128, 130)]
    [InlineData(16383, 16385)]
    [InlineData(16384, 16387)]
    public void Length_counts_prefix_and_payload(int payload, int expected) =>
        LengthPrefixed.Length(payload).Should().Be(expected);

    [Fact]
    [Trait("Step", "02")]
    public void Random_payloads_round_trip_back_to_back()
    {
        Gen.Byte.Array[0, 300].Array[1, 5].Sample(payloads =>
        {
            var buffer = new byte[payloads.Sum(p => LengthPrefixed.Length(p.Length))];
            var offset = 0;
            foreach (var p in payloads)
            {
                offset += LengthPrefixed.Write(buffer.AsSpan(offset), p);
            }

            ReadOnlySpan<byte> rest = buffer;
            foreach (var p in payloads)
            {
                if (!LengthPrefixed.TryRead(rest, out var payload, out var consumed) || !payload.SequenceEqual(p))
                {
                    return false;
                }

                rest = rest[consumed..];
            }

            return rest.IsEmpty;
        });
    }

    [Fact]
    [Trait("Step", "02")]
    public void A_payload_shorter_than_its_length_is_truncated()
    {
        var buffer = new byte[200];
        var n = LengthPrefixed.Write(buffer, new byte[150]);
        for (var prefix = 0; prefix < n; prefix++)
        {
            var truncated = buffer.AsSpan(0, prefix).ToArray();
            LengthPrefixed.TryRead(truncated, out var payload, out var consumed).Should().BeFalse();
            payload.IsEmpty.Should().BeTrue();
            consumed.Should().Be(0);
            LengthPrefixed.Decode(truncated, out _, out _).Should().Be(OperationStatus.NeedMoreData);
        }
    }

    [Fact]
    [Trait("Step", "02")]
    public void A_malformed_length_is_invalid()
    {
        byte[] sixByteVarint = [0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00];
        LengthPrefixed.TryRead(sixByteVarint, out _, out _).Should().BeFalse();
        LengthPrefixed.Decode(sixByteVarint, out _, out _).Should().Be(OperationStatus.InvalidData);
        byte[] aboveIntMax = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        LengthPrefixed.Decode(aboveIntMax, out _, out _).Should().Be(OperationStatus.InvalidData);
    }

    [Fact]
    [Trait("Step", "02")]
    public void Writing_into_a_short_span_throws_and_writes_nothing()
    {
        var buffer = new byte[3];
        FluentActions.Invoking(() => LengthPrefixed.Write(buffer, "abc"u8)).Should().Throw<ArgumentException>();
        buffer.Should().Equal(0, 0, 0);
        FluentActions.Invoking(() => LengthPrefixed.Length(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
