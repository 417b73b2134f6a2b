namespace FromScratch.Shared.FileSystems;

/// <summary>
/// One unsynced change of a simulated file, kept until the next successful Sync: a write
/// (<see cref="Data"/> at <see cref="Offset"/>) or a length change (<see cref="Data"/> null,
/// <see cref="NewLength"/>). <see cref="LengthAfter"/> is the file's volatile length just after it,
/// the length history a crash may pick from when length may persist before data.
/// </summary>
internal sealed class SimFileChange
{
    private SimFileChange(long offset, byte[]? data, long newLength, long lengthAfter)
    {
        Offset = offset;
        Data = data;
        NewLength = newLength;
        LengthAfter = lengthAfter;
    }

    public long Offset { get; }

    public byte[]? Data { get; }

    public long NewLength { get; }

    public long LengthAfter { get; }

    public bool IsWrite => Data is not null;

    public static SimFileChange Write(long offset, byte[] data, long lengthAfter) => new(offset, data, 0, lengthAfter);

    public static SimFileChange SetLength(long newLength) => new(0, null, newLength, newLength);

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
}
