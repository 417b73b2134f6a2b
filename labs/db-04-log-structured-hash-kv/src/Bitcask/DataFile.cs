using FromScratch.Shared.FileSystems;

namespace FromScratch.Bitcask;

/// <summary>
/// One open data file of a store: its number, its handle and a reader over it. The store keeps
/// one handle per file for its lifetime in the store (reads of all threads share it; positional
/// reads need no position). Once the file is no longer appended to, <see cref="MapForReading"/>
/// memory-maps it, and <see cref="ReadValue"/> reads from the map instead of the handle.
/// <para>Thread-safety: <see cref="ReadValue"/> is safe from any number of threads, also while
/// <see cref="MapForReading"/> runs (a read takes the map if it is there, the handle otherwise);
/// <see cref="Dispose"/> must not run concurrently with a read (the store's files lock sees to it).</para>
/// </summary>
internal sealed class DataFile(int id, IFileHandle handle, bool hasHint) : IDisposable
{
    private MappedFile? _mapped;

    public int Id { get; } = id;

    public IFileHandle Handle { get; } = handle;

    public DataFileReader Reader { get; } = new(handle);

    /// <summary>Whether the file has a hint (it was written by a merge, and is never appended to).</summary>
    public bool HasHint { get; } = hasHint;

    public string Path => Handle.Path;

    /// <summary>Whether reads come from a memory map.</summary>
    public bool IsMapped => Volatile.Read(ref _mapped) is not null;

    /// <summary>
    /// Memory-maps the file read-only if the store maps files (<see cref="BitcaskOptions.MapsFiles"/>,
    /// see <see cref="MappedFile"/>). Only for a file nothing appends to any more: a map covers the
    /// length the file has now.
    /// </summary>
    public void MapForReading(BitcaskOptions options)
    {
        if (options.MapsFiles && _mapped is null && MappedFile.TryMap(Path, Handle.Length) is { } mapped)
        {
            Volatile.Write(ref _mapped, mapped);
        }
    }

    /// <summary>
    /// Maps the first <paramref name="capacity"/> bytes of the file writable, for the active file's
    /// writer to append through (the file must be at least that long). Reads of the file use the
    /// same map. The caller checked <see cref="BitcaskOptions.MapsFiles"/>.
    /// </summary>
    public MappedFile? MapForAppending(long capacity)
    {
        var mapped = MappedFile.TryMap(Path, capacity, writable: true);
        if (mapped is not null)
        {
            Volatile.Write(ref _mapped, mapped);
        }
        return mapped;
    }

    /// <summary>Drops the map: reads go to the handle again. The caller excludes every reader (the store's files lock).</summary>
    public void Unmap()
    {
        var mapped = _mapped;
        Volatile.Write(ref _mapped, null);
        mapped?.Dispose();
    }

    /// <summary>The value of the put at <paramref name="offset"/> (checked as <see cref="DataFileReader.ReadValue"/> does); null for a tombstone.</summary>
    public byte[]? ReadValue(long offset, int size, ReadOnlySpan<byte> expectedKey)
    {
        var mapped = Volatile.Read(ref _mapped);
        return mapped is not null && offset >= 0 && size >= 0 && offset <= mapped.Length - size
            ? DataFileReader.ValueOf(Path, offset, mapped.Read(offset, size), expectedKey)
            : Reader.ReadValue(offset, size, expectedKey);
    }

    public void Dispose()
    {
        _mapped?.Dispose();
        Handle.Dispose();
    }
}
