namespace FromScratch.Shared.FileSystems;

/// <summary>
/// One pending (not yet durable) directory operation: a link of <see cref="Node"/> at
/// <see cref="Directory"/>/<see cref="Name"/> (create, mkdir), a move of it there from
/// <see cref="FromDirectory"/>/<see cref="FromName"/> (rename), or an unlink of that name (delete).
/// Each is applied whole or not at all, so a rename is never half done.
/// </summary>
internal sealed class SimDirectoryOperation
{
    private SimDirectoryOperation(FileSystemOperationKind kind, SimDirectory directory, string name, SimNode node, SimDirectory? fromDirectory, string? fromName)
    {
        Kind = kind;
        Directory = directory;
        Name = name;
        Node = node;
        FromDirectory = fromDirectory;
        FromName = fromName;
    }

    public FileSystemOperationKind Kind { get; }

    public SimDirectory Directory { get; }

    public string Name { get; }

    public SimNode Node { get; }

    public SimDirectory? FromDirectory { get; }

    public string? FromName { get; }

    public static SimDirectoryOperation Link(FileSystemOperationKind kind, SimDirectory directory, string name, SimNode node) =>
        new(kind, directory, name, node, null, null);

    public static SimDirectoryOperation Unlink(SimDirectory directory, string name, SimInode node) =>
        new(FileSystemOperationKind.Delete, directory, name, node, null, null);

    public static SimDirectoryOperation Move(SimDirectory from, string fromName, SimDirectory to, string toName, SimInode node) =>
        new(FileSystemOperationKind.Rename, to, toName, node, from, fromName);

    /// <summary>Whether this is a rename from one directory into another: it changes two directories, and each must be synced.</summary>
    public bool IsCrossDirectory => FromDirectory is not null && FromDirectory != Directory;

    /// <summary>For a cross-directory rename: whether its source directory was synced since it was issued.</summary>
    public bool SourceSynced { get; private set; }

    /// <summary>For a cross-directory rename: whether its destination directory was synced since it was issued.</summary>
    public bool DestinationSynced { get; private set; }

    /// <summary>Whether this operation changes <paramref name="directory"/>'s entries.</summary>
    public bool Touches(SimDirectory directory) => Directory == directory || FromDirectory == directory;

    /// <summary>
    /// Records that <paramref name="directory"/>, which this operation touches, was synced, and says
    /// whether that makes the operation durable: at once for an operation on one directory; for a
    /// cross-directory rename only once both its directories were synced, as <see cref="IFileSystem"/>
    /// requires (POSIX promises nothing less; until then a crash may keep it or not, but whole).
    /// </summary>
    public bool SyncedBy(SimDirectory directory)
    {
        if (!IsCrossDirectory)
        {
            return Touches(directory);
        }

        SourceSynced |= FromDirectory == directory;
        DestinationSynced |= Directory == directory;
        return SourceSynced && DestinationSynced;
    }
}
