using FromScratch.Shared.Coding;
using FromScratch.Shared.IO;

namespace FromScratch.Shared.KeyValue;

/// <summary>
/// An ordered list of puts and deletes that <see cref="IKeyValueStore.Write"/> applies atomically
/// (LevelDB's <c>WriteBatch</c>). The batch is kept in LevelDB's own encoding (db/write_batch.cc),
/// the exact bytes LevelDB writes as one log record, so that the LSM engine of db-07 stamps the
/// sequence number in place and logs <see cref="Contents"/> without re-encoding:
/// <code>
///   batch   := sequence:fixed64  count:fixed32  record{count}        header: 12 bytes
///   record  := 0x01 key:varint32-prefixed value:varint32-prefixed     kTypeValue     (Put)
///            | 0x00 key:varint32-prefixed                             kTypeDeletion  (Delete)
///
///   Put("k","v"), Delete("k") at sequence 7:
///   07 00 00 00 00 00 00 00 | 02 00 00 00 | 01 01 6B 01 76 | 00 01 6B
///   sequence 7                count 2       put k=v          delete k
/// </code>
/// The record of operation i gets sequence number <c>sequence + i</c> when an LSM engine applies it.
/// Engines that have no sequence numbers (Bitcask, the in-memory model) ignore the header and read
/// <see cref="Operations"/>. Keys and values are copied in when added, so the caller may reuse its
/// buffers; the operations returned point into the batch and stay valid until it changes. Not
/// thread-safe.
/// </summary>
public sealed class WriteBatch
{
    /// <summary>The size of the header: an 8-byte sequence number and a 4-byte count.</summary>
    public const int HeaderSize = 12;

    private const byte TypeDeletion = 0x00;
    private const byte TypeValue = 0x01;

    private byte[] _rep;
    private int _length;
    private List<WriteBatchOperation>? _decoded;

    /// <summary>An empty batch (sequence 0, count 0).</summary>
    public WriteBatch()
    {
        _rep = new byte[64];
        _length = HeaderSize;
    }

    private WriteBatch(byte[] rep, List<WriteBatchOperation> decoded)
    {
        _rep = rep;
        _length = rep.Length;
        _decoded = decoded;
    }

    /// <summary>The number of operations (the header's count).</summary>
    public int Count => (int)Fixed.Read32(_rep.AsSpan(8));

    /// <summary>The size of the encoding in bytes (LevelDB's <c>ApproximateSize</c>): a measure of the batch's cost.</summary>
    public long ApproximateSize => _length;

    /// <summary>The sequence number of the first operation, as the LSM engine stamps it; 0 until it does.</summary>
    public ulong Sequence
    {
        get => Fixed.Read64(_rep);
        set => Fixed.Write64(_rep, value);
    }

    /// <summary>The encoded batch: header and records, LevelDB's <c>WriteBatchInternal::Contents</c>. Valid until the batch changes.</summary>
    public ReadOnlyMemory<byte> Contents => _rep.AsMemory(0, _length);

    /// <summary>The operations, in the order they were added. The list and the bytes it points into are valid until the batch changes.</summary>
    public IReadOnlyList<WriteBatchOperation> Operations => _decoded ??= DecodeRecords(_rep.AsMemory(0, _length), "a write batch", 0);

    /// <summary>
    /// Reads a batch from its encoding (a log record written by this class or by LevelDB), checking
    /// every record and the count.
    /// </summary>
    /// <param name="contents">The encoded batch; it is copied.</param>
    /// <param name="source">Where the bytes came from, for the error message (a file name).</param>
    /// <param name="offset">The offset of <paramref name="contents"/> in <paramref name="source"/>, for the error message.</param>
    /// <exception cref="CorruptionException">The bytes are not a well-formed batch: too short for the
    /// header, an unknown record type, a truncated key or value, or a count that disagrees with the records.</exception>
    public static WriteBatch Decode(ReadOnlySpan<byte> contents, string source = "a write batch", long offset = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        var rep = contents.ToArray();
        var operations = DecodeRecords(rep, source, offset);
        return new WriteBatch(rep, operations);
    }

    /// <summary>Adds a put.</summary>
    /// <returns>This batch, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public WriteBatch Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var at = Reserve(1 + LengthPrefixed.Length(key.Length) + LengthPrefixed.Length(value.Length));
        _rep[at++] = TypeValue;
        at += LengthPrefixed.Write(_rep.AsSpan(at), key);
        LengthPrefixed.Write(_rep.AsSpan(at), value);
        return this;
    }

    /// <summary>Adds a delete.</summary>
    /// <returns>This batch, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public WriteBatch Delete(ReadOnlySpan<byte> key)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var at = Reserve(1 + LengthPrefixed.Length(key.Length));
        _rep[at++] = TypeDeletion;
        LengthPrefixed.Write(_rep.AsSpan(at), key);
        return this;
    }

    /// <summary>Appends every operation of <paramref name="other"/> after this batch's (LevelDB's <c>WriteBatch::Append</c>); the sequence stays this batch's.</summary>
    /// <returns>This batch, for chaining.</returns>
    public WriteBatch Append(WriteBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var records = other._rep.AsSpan(HeaderSize, other._length - HeaderSize);
        var count = other.Count;
        var at = ReserveBytes(records.Length);
        records.CopyTo(_rep.AsSpan(at));
        Fixed.Write32(_rep.AsSpan(8), (uint)(Count + count));
        return this;
    }

    /// <summary>Removes every operation and resets the sequence to 0.</summary>
    public void Clear()
    {
        _rep.AsSpan(0, HeaderSize).Clear();
        _length = HeaderSize;
        _decoded = null;
    }

    // Makes room for one more record of `size` bytes and counts it; returns where it goes.
    private int Reserve(int size)
    {
        var at = ReserveBytes(size);
        Fixed.Write32(_rep.AsSpan(8), (uint)(Count + 1));
        return at;
    }

    private int ReserveBytes(int size)
    {
        if ((long)_length + size > Array.MaxLength)
        {
            throw new InvalidOperationException($"A write batch holds at most {Array.MaxLength} bytes; this one has {_length} and needs {size} more.");
        }

        if (_length + size > _rep.Length)
        {
            Array.Resize(ref _rep, (int)Math.Min(Array.MaxLength, Math.Max((long)_rep.Length * 2, (long)_length + size)));
        }

        var at = _length;
        _length += size;
        _decoded = null;
        return at;
    }

    private static List<WriteBatchOperation> DecodeRecords(ReadOnlyMemory<byte> rep, string source, long offset)
    {
        var span = rep.Span;
        if (span.Length < HeaderSize)
        {
            throw new CorruptionException(source, offset, $"a write batch is at least {HeaderSize} bytes (sequence and count), this one has {span.Length}");
        }

        var count = Fixed.Read32(span[8..]);
        var operations = new List<WriteBatchOperation>((int)Math.Min(count, 1024));
        var at = HeaderSize;
        while (at < span.Length)
        {
            var type = span[at];
            var recordStart = at;
            at++;
            if (type is not (TypeValue or TypeDeletion))
            {
                throw new CorruptionException(source, offset + recordStart, $"unknown write-batch record type 0x{type:X2} (0x01 put, 0x00 delete)");
            }

            var key = ReadSlice(rep, ref at, source, offset, type == TypeValue ? "put's key" : "delete's key");
            // Not "isPut ? slice : null": that null would convert to an empty ReadOnlyMemory (through
            // byte[]), and every delete would decode as a put of an empty value.
            ReadOnlyMemory<byte>? value = null;
            if (type == TypeValue)
            {
                value = ReadSlice(rep, ref at, source, offset, "put's value");
            }

            operations.Add(new WriteBatchOperation(key, value));
        }

        if (operations.Count != count)
        {
            throw new CorruptionException(source, offset + 8, $"the write batch's header counts {count} records but it holds {operations.Count}");
        }

        return operations;
    }

    private static ReadOnlyMemory<byte> ReadSlice(ReadOnlyMemory<byte> rep, ref int at, string source, long offset, string what)
    {
        if (!LengthPrefixed.TryRead(rep.Span[at..], out var payload, out var consumed))
        {
            throw new CorruptionException(source, offset + at, $"the {what} is truncated or its length is malformed");
        }

        var slice = rep.Slice(at + consumed - payload.Length, payload.Length);
        at += consumed;
        return slice;
    }
}
