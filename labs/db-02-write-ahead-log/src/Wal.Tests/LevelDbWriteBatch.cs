using FromScratch.Shared.KeyValue;

namespace FromScratch.Wal.Tests;

/// <summary>
/// LevelDB's write batches as log records, for checking our logs against real LevelDB: the codec
/// is the shared library's <see cref="WriteBatch"/> (LevelDB's encoding, db/write_batch.cc), which
/// db-07 logs as is; this adapter only turns its operations into readable <see cref="BatchOp"/>s.
/// </summary>
public static class LevelDbWriteBatch
{
    public static byte[] Encode(ulong sequence, IReadOnlyList<BatchOp> ops)
    {
        var batch = new WriteBatch();
        foreach (var op in ops)
        {
            if (op.Value is null)
            {
                batch.Delete(op.Key);
            }
            else
            {
                batch.Put(op.Key, op.Value);
            }
        }

        batch.Sequence = sequence;
        return batch.Contents.ToArray();
    }

    public static (ulong Sequence, List<BatchOp> Ops) Decode(ReadOnlySpan<byte> record)
    {
        var batch = WriteBatch.Decode(record, "a LevelDB log record");
        return (batch.Sequence, [.. batch.Operations.Select(o => new BatchOp(o.Key.ToArray(), o.Value?.ToArray()))]);
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
