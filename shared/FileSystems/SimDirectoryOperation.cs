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

    /// <summary>Whether SyncDirectory on <paramref name="directory"/> makes this operation durable.</summary>
    public bool Touches(SimDirectory directory) => Directory == directory || FromDirectory == directory;
}
