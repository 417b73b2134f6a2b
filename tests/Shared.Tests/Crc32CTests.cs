using CsCheck;
using FromScratch.Shared.Checksums;

namespace FromScratch.Shared.Tests;

public class Crc32CTests
{
    [Fact]
    [Trait("Step", "03")]
    public void Crc32C_of_the_check_string_is_E3069283()
    {
        Crc32C.Compute("123456789"u8).Should().Be(0xE3069283u);
        Crc32C.ExtendSoftware(0, "123456789"u8).Should().Be(0xE3069283u);
    }

    // LevelDB util/crc32c_test.cc, StandardResults (from RFC 3720 section B.4, plus an iSCSI PDU).
    public static TheoryData<byte[], uint> LevelDbVectors() => new()
    {
        { new byte[32], 0x8A9136AAu },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu },
        {
            new byte[]
            {
                0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
                0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            },
            0xD9963A56u
        },
    };

    [Theory]
    [Trait("Step", "03")]
    [MemberData(nameof(LevelDbVectors))]
    public void Crc32C_matches_the_LevelDB_vectors(byte[] data, uint expected)
    {
        Crc32C.Compute(data).Should().Be(expected);
        Crc32C.ExtendSoftware(0, data).Should().Be(expected);
        if (Crc32C.IsHardwareAccelerated)
        {
            Crc32C.ExtendHardware(0, data).Should().Be(expected);
        }
    }

    [Fact]
    [Trait("Step", "03")]
    public void Crc32C_of_nothing_is_zero() => Crc32C.Compute([]).Should().Be(0u);

    [Fact]
    [Trait("Step", "03")]
    public void Extend_continues_a_finished_crc()
    {
        Crc32C.Extend(Crc32C.Compute("hello "u8), "world"u8).Should().Be(Crc32C.Compute("hello world"u8));
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 100]).Sample((a, b) =>
        {
            var whole = a.Concat(b).ToArray();
            return Crc32C.Extend(Crc32C.Compute(a), b) == Crc32C.Compute(whole)
                && Crc32C.ExtendSoftware(Crc32C.ExtendSoftware(0, a), b) == Crc32C.Compute(whole)
                && Crc32C.Extend(0, a) == Crc32C.Compute(a);
        });
    }

    [Fact]
    [Trait("Step", "03")]
    public void Hardware_and_software_agree_on_random_inputs_lengths_and_offsets()
    {
        Assert.SkipUnless(Crc32C.IsHardwareAccelerated, "This CPU has no CRC32C instruction (SSE4.2 / ARMv8 CRC32); only the software path exists.");
        Gen.Select(Gen.Byte.Array[0, 2048], Gen.Int[0, 15], Gen.UInt).Sample((bytes, skip, seed) =>
        {
            // Offsets 0..15 put the 8-byte loop at every alignment; the tail loop sees 0..7 bytes.
            var data = bytes.AsSpan(Math.Min(skip, bytes.Length));
            return Crc32C.ExtendHardware(seed, data) == Crc32C.ExtendSoftware(seed, data);
        });
    }

    [Fact]
    [Trait("Step", "03")]
    public void ExtendHardware_is_unsupported_without_the_instruction()
    {
        Assert.SkipWhen(Crc32C.IsHardwareAccelerated, "This CPU has the CRC32C instruction; the fallback error cannot be observed here.");
        FluentActions.Invoking(() => Crc32C.ExtendHardware(0, [1, 2, 3])).Should().Throw<PlatformNotSupportedException>();
    }

    [Fact]
    [Trait("Step", "03")]
    public void Mask_round_trips_and_changes_the_value()
    {
        Crc32C.MaskDelta.Should().Be(0xA282EAD8u);
        var crc = Crc32C.Compute("foo"u8);
        Crc32C.Mask(crc).Should().NotBe(crc);
        Crc32C.Mask(Crc32C.Mask(crc)).Should().NotBe(crc);
        Crc32C.Unmask(Crc32C.Mask(crc)).Should().Be(crc);
        Crc32C.Unmask(Crc32C.Unmask(Crc32C.Mask(Crc32C.Mask(crc)))).Should().Be(crc);
        Gen.UInt.Sample(x => Crc32C.Unmask(Crc32C.Mask(x)) == x && Crc32C.Mask(Crc32C.Unmask(x)) == x);
    }

    [Fact]
    [Trait("Step", "03")]
    public void Mask_is_rotate_right_15_plus_delta()
    {
        Crc32C.Mask(0).Should().Be(0xA282EAD8u);
        Crc32C.Mask(1u << 15).Should().Be(1u + 0xA282EAD8u);
        Crc32C.Mask(1).Should().Be(unchecked((1u << 17) + 0xA282EAD8u));
    }

    [Theory]
    [Trait("Step", "03")]
    [InlineData(0x8299F00Bu)]
    [InlineData(0xD7EE9AB5u)]
    public void Mask_changes_every_value_but_two(uint fixedPoint)
    {
        // An exhaustive search over all 2^32 values finds exactly these two with Mask(x) == x;
        // masking is about CRCs embedded in checksummed data, not about never being the identity.
        Crc32C.Mask(fixedPoint).Should().Be(fixedPoint);
        Crc32C.Mask(fixedPoint + 1).Should().NotBe(fixedPoint + 1);
    }

    [Fact]
    [Trait("Step", "03")]
    public void A_flipped_bit_changes_the_crc()
    {
        Gen.Select(Gen.Byte.Array[1, 512], Gen.Int, Gen.Int[0, 7]).Sample((bytes, at, bit) =>
        {
            var before = Crc32C.Compute(bytes);
            var flipped = (byte[])bytes.Clone();
            flipped[(int)((uint)at % (uint)bytes.Length)] ^= (byte)(1 << bit);
            return Crc32C.Compute(flipped) != before;
        });
    }
}
