namespace FromScratch.Shared.FileSystems;

/// <summary>The kinds of counted operation of a <see cref="SimulatedFileSystem"/> (see <see cref="SimulatedFileSystem.OperationCount"/>).</summary>
public enum FileSystemOperationKind
{
    /// <summary>An <see cref="IFileSystem.OpenFile"/> that created a file.</summary>
    Create,

    /// <summary>An <see cref="IFileSystem.OpenFile"/> with <see cref="FileOpenMode.CreateOrTruncate"/> of an existing file.</summary>
    Truncate,

    /// <summary>An <see cref="IFileHandle.Write"/> or <see cref="IFileHandle.Append"/>.</summary>
    Write,

    /// <summary>An <see cref="IFileHandle.SetLength"/>.</summary>
    SetLength,

    /// <summary>An <see cref="IFileHandle.Sync"/>.</summary>
    Sync,

    /// <summary>An <see cref="IFileSystem.CreateDirectory"/> that created a directory (one per directory created).</summary>
    CreateDirectory,

    /// <summary>An <see cref="IFileSystem.DeleteFile"/>.</summary>
    Delete,

    /// <summary>An <see cref="IFileSystem.RenameFile"/>.</summary>
    Rename,

    /// <summary>An <see cref="IFileSystem.SyncDirectory"/>.</summary>
    SyncDirectory,
}
