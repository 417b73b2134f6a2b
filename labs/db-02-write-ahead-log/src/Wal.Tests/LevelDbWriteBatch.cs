using FromScratch.Shared.Coding;

namespace FromScratch.Wal.Tests;

/// <summary>
/// Just enough of LevelDB's WriteBatch encoding (db/write_batch.cc) to check log records against
/// real LevelDB; the real WriteBatch is built in db-07.
/// <code>
///   batch := sequence:fixed64 count:fixed32 op{count}
///   op    := 0x01 key:varint32-prefixed value:varint32-prefixed     kTypeValue (Put)
///          | 0x00 key:varint32-prefixed                             kTypeDeletion (Delete)
/// </code>
/// </summary>
public static class LevelDbWriteBatch
{
    public static byte[] Encode(ulong sequence, IReadOnlyList<BatchOp> ops)
    {
        var size = 12 + ops.Sum(op => 1 + LengthPrefixed.Length(op.Key.Length) + (op.Value is null ? 0 : LengthPrefixed.Length(op.Value.Length)));
        var bytes = new byte[size];
        Fixed.Write64(bytes, sequence);
        Fixed.Write32(bytes.AsSpan(8), (uint)ops.Count);
        var at = 12;
        foreach (var op in ops)
        {
            bytes[at++] = op.Value is null ? (byte)0 : (byte)1;
            at += LengthPrefixed.Write(bytes.AsSpan(at), op.Key);
            if (op.Value is not null)
            {
                at += LengthPrefixed.Write(bytes.AsSpan(at), op.Value);
            }
        }
        return bytes;
    }

    public static (ulong Sequence, List<BatchOp> Ops) Decode(ReadOnlySpan<byte> record)
    {
        record.Length.Should().BeGreaterThanOrEqualTo(12, "a write batch starts with a 12-byte header");
        var sequence = Fixed.Read64(record);
        var count = Fixed.Read32(record[8..]);
        var rest = record[12..];
        var ops = new List<BatchOp>();
        while (!rest.IsEmpty)
        {
            var tag = rest[0];
            rest = rest[1..];
            LengthPrefixed.TryRead(rest, out var key, out var consumed).Should().BeTrue("a key is length-prefixed");
            var keyBytes = key.ToArray();
            rest = rest[consumed..];
            switch (tag)
            {
                case 1:
                    LengthPrefixed.TryRead(rest, out var value, out consumed).Should().BeTrue("a value is length-prefixed");
                    ops.Add(new BatchOp(keyBytes, value.ToArray()));
                    rest = rest[consumed..];
                    break;
                case 0:
                    ops.Add(new BatchOp(keyBytes, null));
                    break;
                default:
                    throw new InvalidDataException($"unknown write-batch tag {tag}");
            }
        }
        ops.Should().HaveCount((int)count, "the header's count matches the operations");
        return (sequence, ops);
    }
}

/// <summary>A Put (Value not null) or a Delete (Value null).</summary>
public sealed record BatchOp(byte[] Key, byte[]? Value)
{
    public static BatchOp Put(string key, string value) => new(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value));

    public static BatchOp Put(string key, byte[] value) => new(System.Text.Encoding.UTF8.GetBytes(key), value);

    public static BatchOp Delete(string key) => new(System.Text.Encoding.UTF8.GetBytes(key), null);

    public override string ToString() =>
        Value is null ? $"Delete({System.Text.Encoding.UTF8.GetString(Key)})" : $"Put({System.Text.Encoding.UTF8.GetString(Key)}, {Value.Length} bytes, {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Value))[..16]})";
}
