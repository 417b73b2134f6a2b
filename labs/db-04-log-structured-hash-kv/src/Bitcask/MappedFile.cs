using System.IO.MemoryMappedFiles;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Bitcask;

/// <summary>
/// A read-only memory map of a whole data file that is no longer written (a closed file or a merge
/// output): a <c>Get</c> reads its record straight from the page cache, with no system call,
/// where a <c>pread</c> costs a kernel entry and a copy (docs/analysis.md: 1.3 µs against 0.2 µs
/// for a 135-byte record on the lab's machine). LevelDB maps its table files the same way
/// (<c>PosixMmapReadableFile</c> in util/env_posix.cc).
/// <para>
/// Only files of <see cref="RealFileSystem"/> are mapped, and only with
/// <see cref="BitcaskOptions.UseMemoryMaps"/>: <c>IFileSystem</c> has no mapping, so the map is made
/// from the path, and a store on db-03's simulator keeps reading with <c>IFileHandle.Read</c>.
/// </para>
/// <para>
/// The hazards, and why they do not arise here: a span handed out by <see cref="Read"/> points into
/// the mapping, so reading it after <see cref="Dispose"/> would touch unmapped memory and crash the
/// process instead of throwing. The store disposes a data file only under the write side of its
/// files lock, and reads hold the read side for as long as they use the span. A file that shrinks
/// under its mapping raises SIGBUS on access; the store never truncates a file it has mapped (only
/// the tail file, at open, before anything maps it). A disk read error also arrives as SIGBUS rather
/// than an <see cref="IOException"/>, the price LevelDB pays too.
/// </para>
/// <para>The active file is mapped writable (<see cref="TryMap"/> with <c>writable</c>): its writer
/// copies each record into the map instead of calling <c>pwrite</c> (<c>DataFileWriter</c> says how
/// and why that keeps every promise the store makes).</para>
/// <para>Thread-safety: <see cref="Read"/> is safe from any number of threads, also while one thread
/// calls <see cref="Write"/> on another range; <see cref="Dispose"/> must not run concurrently with
/// either (see above).</para>
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private bool _disposed;

    private MappedFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        _map = map;
        _view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + view.PointerOffset;
    }

    /// <summary>The bytes mapped: the file's length when it was mapped.</summary>
    public long Length { get; }

    /// <summary>Maps the first <paramref name="length"/> bytes of <paramref name="path"/>, a file of <see cref="RealFileSystem"/>; null for an empty file (nothing to read).</summary>
    /// <param name="path">The file; at least <paramref name="length"/> bytes long.</param>
    /// <param name="length">The bytes to map.</param>
    /// <param name="writable">Map for <see cref="Write"/> too (a shared map: what is written is in the page cache at once).</param>
    public static MappedFile? TryMap(string path, long length, bool writable = false)
    {
        if (length == 0)
        {
            return null;
        }

        // FileShare.ReadWrite | Delete: the store's own handle has the file open, for writing while
        // it is active (Windows refuses the open otherwise); the map keeps this handle and closes it
        // when it is disposed.
        var access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
        var handle = File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? map = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(handle, mapName: null, length, access, HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, length, access);
            return new MappedFile(map, view, length);
        }
        catch
        {
            if (map is null)
            {
                handle.Dispose();
            }
            map?.Dispose();
            throw;
        }
    }

    /// <summary>The <paramref name="count"/> bytes at <paramref name="offset"/>, without copying them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the mapping.</exception>
    public ReadOnlySpan<byte> Read(long offset, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || count < 0 || offset > Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{count} bytes at {offset} are not inside the {Length} bytes mapped.");
        }
        return new ReadOnlySpan<byte>(_start + offset, count);
    }

    /// <summary>Copies <paramref name="data"/> to <paramref name="offset"/> (a map made with <c>writable</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the mapping.</exception>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset < 0 || offset > Length - data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"{data.Length} bytes at {offset} are not inside the {Length} bytes mapped.");
        }
        data.CopyTo(new Span<byte>(_start + offset, data.Length));
    }

    /// <summary>
    /// Writes the map's dirty pages to the file (<c>msync</c>, <c>FlushViewOfFile</c>), which a file
    /// sync may not do by itself on every system; the caller then syncs the file.
    /// </summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _view.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
