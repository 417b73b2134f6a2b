using System.Buffers.Binary;

namespace FromScratch.Wal.Tests;

/// <summary>Builds physical records by hand, with valid checksums, to craft logs the writer would never produce.</summary>
public static class Fragments
{
    public static byte[] Physical(byte type, byte[] payload)
    {
        var bytes = new byte[7 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, LogFormat.MaskedChecksum((RecordType)type, payload));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), (ushort)payload.Length);
        bytes[6] = type;
        payload.CopyTo(bytes, 7);
        return bytes;
    }

    public static byte[] Physical(RecordType type, byte[] payload) => Physical((byte)type, payload);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
