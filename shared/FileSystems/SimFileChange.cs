namespace FromScratch.Shared.FileSystems;

/// <summary>
/// One change of a simulated file that is not certainly durable: a write (<see cref="Data"/> at
/// <see cref="Offset"/>) or a length change (<see cref="Data"/> null, <see cref="NewLength"/>).
/// <see cref="LengthBefore"/> and <see cref="LengthAfter"/> are the file's volatile length just
/// before and just after it: a write that ends past <see cref="LengthBefore"/> grows the file, and
/// the lengths are the history a crash may pick from when a length may persist before its data.
/// </summary>
internal sealed class SimFileChange
{
    private SimFileChange(long offset, byte[]? data, long newLength, long lengthBefore, long lengthAfter)
    {
        Offset = offset;
        Data = data;
        NewLength = newLength;
        LengthBefore = lengthBefore;
        LengthAfter = lengthAfter;
    }

    public long Offset { get; }

    public byte[]? Data { get; }

    public long NewLength { get; }

    public long LengthBefore { get; }

    public long LengthAfter { get; }

    public bool IsWrite => Data is not null;

    /// <summary>Whether this is a write that ends past the file's length at the time: part of it extends the file.</summary>
    public bool Grows => Data is not null && Offset + Data.Length > LengthBefore;

    public static SimFileChange Write(long offset, byte[] data, long lengthBefore, long lengthAfter) => new(offset, data, 0, lengthBefore, lengthAfter);

    public static SimFileChange SetLength(long newLength, long lengthBefore) => new(0, null, newLength, lengthBefore, newLength);

    public void ApplyTo(SimBytes content)
    {
        if (Data is null)
        {
            content.SetLength(NewLength);
        }
        else
        {
            content.Write(Data, Offset);
        }
    }

    /// <summary>Writes the part [<paramref name="from"/>, <paramref name="to"/>) of this write (file offsets) into <paramref name="content"/>.</summary>
    public void ApplyRange(SimBytes content, long from, long to)
    {
        if (to > from)
        {
            content.Write(Data.AsSpan((int)(from - Offset), (int)(to - from)), from);
        }
    }
}
