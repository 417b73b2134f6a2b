using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace FromScratch.Shared.Checksums;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of LevelDB's logs and
/// tables, ext4 metadata, iSCSI and SCTP. Chosen over IEEE CRC-32 because x86 (SSE4.2 <c>crc32</c>) and ARMv8
/// (<c>crc32c*</c>) compute it in hardware, several bytes per cycle.
/// <para>
/// Conventions follow LevelDB's <c>util/crc32c.h</c>: the register starts at all ones and is
/// inverted at the end, so <c>Compute("123456789") = 0xE3069283</c>; and <see cref="Extend"/>
/// continues a finished CRC: <c>Extend(Compute(a), b) == Compute(a + b)</c>, <c>Extend(0, x) == Compute(x)</c>.
/// </para>
/// <para>
/// Stored CRCs are masked (<see cref="Mask"/>): a CRC computed over data that itself contains
/// CRCs (a log record embedded in a file that is checksummed again) is prone to accidental
/// matches, so LevelDB stores a rotated and offset value instead of the raw CRC.
/// </para>
/// All members are pure and thread-safe.
/// </summary>
public static class Crc32C
{
    /// <summary>The constant LevelDB adds after rotating a CRC to mask it (<c>kMaskDelta</c> in <c>util/crc32c.h</c>).</summary>
    public const uint MaskDelta = 0xA282EAD8;

    private const uint Polynomial = 0x82F63B78; // 0x1EDC6F41 bit-reversed

    // Table[n] is the CRC register after shifting the byte n through eight rounds of the
    // bitwise algorithm: one lookup replaces eight shift-and-xor steps.
    private static readonly uint[] Table = BuildTable();

    /// <summary>True when <see cref="Compute"/> uses the CPU's CRC32C instruction (SSE4.2 on x86, CRC32 on ARM).</summary>
    public static bool IsHardwareAccelerated => Sse42.IsSupported || ArmCrc32.IsSupported;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>
    /// The CRC-32C of <c>a + data</c>, given <paramref name="crc"/> = CRC-32C of <c>a</c>.
    /// Uses the hardware instruction where present, the table otherwise.
    /// </summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data) =>
        IsHardwareAccelerated ? ExtendHardware(crc, data) : ExtendSoftware(crc, data);

    /// <summary><see cref="Extend"/> computed with a 256-entry table, one byte at a time, on any CPU.</summary>
    public static uint ExtendSoftware(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        foreach (var b in data)
        {
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return ~state;
    }

    /// <summary><see cref="Extend"/> computed with the CPU's CRC32C instruction, 8 bytes at a time on 64-bit CPUs.</summary>
    /// <exception cref="PlatformNotSupportedException">The CPU has neither SSE4.2 nor the ARM CRC32 extension.</exception>
    public static uint ExtendHardware(uint crc, ReadOnlySpan<byte> data)
    {
        // The instructions work on the raw register (no inversion), in little-endian memory order;
        // .NET runs little-endian on both x86 and ARM, so ReadUInt64LittleEndian is the plain load.
        var state = ~crc;
        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            state = (uint)wide;
        }
        else if (ArmCrc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = ArmCrc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
        }

        if (Sse42.IsSupported)
        {
            foreach (var b in data)
            {
                state = Sse42.Crc32(state, b);
            }
        }
        else if (ArmCrc32.IsSupported)
        {
            foreach (var b in data)
            {
                state = ArmCrc32.ComputeCrc32C(state, b);
            }
        }
        else
        {
            throw new PlatformNotSupportedException("This CPU has no CRC32C instruction (SSE4.2 or ARMv8 CRC32).");
        }

        return ~state;
    }

    /// <summary>
    /// The value to store for <paramref name="crc"/>: rotated right by 15 bits, plus <see cref="MaskDelta"/>
    /// (LevelDB <c>crc32c::Mask</c>). Mask(x) differs from x for every x except 0x8299F00B and
    /// 0xD7EE9AB5 (found by exhaustive search).
    /// </summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>Inverse of <see cref="Mask"/>: the CRC a stored value stands for.</summary>
    public static uint Unmask(uint masked)
    {
        var rotated = masked - MaskDelta;
        return (rotated >> 17) | (rotated << 15);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
