namespace FromScratch.Shared.FileSystems;

/// <summary>
/// A growable byte array with a logical length (the simulator's file content): capacity doubles,
/// so a sequence of appends costs amortised O(bytes written), never a copy of the whole file per
/// write. Bytes past <see cref="Length"/> are always zero, so growing the length exposes zeros.
/// Not thread-safe (the simulator's lock guards it).
/// </summary>
internal sealed class SimBytes
{
    private byte[] _bytes;

    public SimBytes()
    {
        _bytes = [];
    }

    private SimBytes(byte[] bytes, long length)
    {
        _bytes = bytes;
        Length = length;
    }

    public long Length { get; private set; }

    /// <summary>The content, <see cref="Length"/> bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, (int)Length);

    public SimBytes Clone() => new(_bytes.AsSpan(0, (int)Length).ToArray(), Length);

    public int Read(Span<byte> buffer, long offset)
    {
        if (offset >= Length)
        {
            return 0;
        }

        var n = (int)Math.Min(buffer.Length, Length - offset);
        _bytes.AsSpan((int)offset, n).CopyTo(buffer);
        return n;
    }

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        var end = offset + data.Length;
        EnsureCapacity(end);
        data.CopyTo(_bytes.AsSpan((int)offset));
        if (end > Length)
        {
            Length = end;
        }
    }

    public void SetLength(long length)
    {
        if (length < Length)
        {
            // Keep the invariant "zeros past Length" so a later growth reads zeros.
            _bytes.AsSpan((int)length, (int)(Length - length)).Clear();
        }
        else
        {
            EnsureCapacity(length);
        }

        Length = length;
    }

    public void FlipBit(long offset, int bit) => _bytes[offset] ^= (byte)(1 << bit);

    private void EnsureCapacity(long needed)
    {
        if (needed > Array.MaxLength)
        {
            throw new IOException($"A simulated file is limited to {Array.MaxLength} bytes; {needed} requested.");
        }

        if (needed <= _bytes.Length)
        {
            return;
        }

        var capacity = Math.Max(Math.Max(_bytes.Length * 2L, needed), 256);
        var grown = new byte[(int)Math.Min(capacity, Array.MaxLength)];
        _bytes.AsSpan(0, (int)Length).CopyTo(grown);
        _bytes = grown;
    }
}
