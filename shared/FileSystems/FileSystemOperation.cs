using System.Globalization;

namespace FromScratch.Shared.FileSystems;

/// <summary>
/// One counted operation of a <see cref="SimulatedFileSystem"/>, as recorded in its
/// <see cref="SimulatedFileSystem.Trace"/>; <see cref="ToString"/> prints it for failure reports,
/// e.g. <c>17 write /db/000001.log @4096 +100</c>.
/// </summary>
/// <param name="Index">The operation's number, 1-based: the crash point "after operation Index" is just after it.</param>
/// <param name="Kind">What the operation did.</param>
/// <param name="Path">The full path of the file or directory it acted on (the source of a rename).</param>
/// <param name="Offset">For a write, the offset written at; otherwise 0.</param>
/// <param name="Length">For a write, the number of bytes; for a set-length, the new length; otherwise 0.</param>
/// <param name="TargetPath">For a rename, the destination's full path; otherwise null.</param>
public sealed record FileSystemOperation(
    long Index,
    FileSystemOperationKind Kind,
    string Path,
    long Offset = 0,
    long Length = 0,
    string? TargetPath = null)
{
    /// <summary>The operation on one line: index, kind, path, then the kind's details.</summary>
    public override string ToString()
    {
        var i = Index.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            FileSystemOperationKind.Write => string.Create(CultureInfo.InvariantCulture, $"{i} write {Path} @{Offset} +{Length}"),
            FileSystemOperationKind.SetLength => string.Create(CultureInfo.InvariantCulture, $"{i} set-length {Path} ={Length}"),
            FileSystemOperationKind.Rename => $"{i} rename {Path} -> {TargetPath}",
            FileSystemOperationKind.Create => $"{i} create {Path}",
            FileSystemOperationKind.Truncate => $"{i} truncate {Path}",
            FileSystemOperationKind.Sync => $"{i} sync {Path}",
            FileSystemOperationKind.CreateDirectory => $"{i} mkdir {Path}",
            FileSystemOperationKind.Delete => $"{i} delete {Path}",
            FileSystemOperationKind.SyncDirectory => $"{i} sync-dir {Path}",
            _ => $"{i} {Kind} {Path}",
        };
    }
}
