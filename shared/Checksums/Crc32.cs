namespace FromScratch.Shared.Checksums;

/// <summary>
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zip, gzip, PNG and
/// Ethernet. Implemented by <see cref="System.IO.Hashing.Crc32"/>; it is here so that every lab
/// names its checksums the same way. Check value: CRC32("123456789") = 0xCBF43926.
/// </summary>
public static class Crc32
{
    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
