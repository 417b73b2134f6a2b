using FromScratch.Shared.FileSystems;

namespace FromScratch.Bitcask;

/// <summary>
/// One open data file of a store: its number, its handle and a reader over it. The store keeps
/// one handle per file for its lifetime in the store (reads of all threads share it; positional
/// reads need no position).
/// </summary>
internal sealed class DataFile(int id, IFileHandle handle, bool hasHint) : IDisposable
{
    public int Id { get; } = id;

    public IFileHandle Handle { get; } = handle;

    public DataFileReader Reader { get; } = new(handle);

    /// <summary>Whether the file has a hint (it was written by a merge, and is never appended to).</summary>
    public bool HasHint { get; } = hasHint;

    public string Path => Handle.Path;

    public void Dispose() => Handle.Dispose();
}
