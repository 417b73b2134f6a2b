namespace FromScratch.Shared.FileSystems;

/// <summary>How <see cref="IFileSystem.OpenFile"/> treats an existing or missing file.</summary>
public enum FileOpenMode
{
    /// <summary>Create the file; fail if it exists (<c>O_CREAT | O_EXCL</c>).</summary>
    CreateNew,

    /// <summary>Create the file, or truncate it to zero bytes if it exists (<c>O_CREAT | O_TRUNC</c>).</summary>
    CreateOrTruncate,

    /// <summary>Open the file, creating it empty if it does not exist (<c>O_CREAT</c>).</summary>
    OpenOrCreate,

    /// <summary>Open an existing file for reading and writing; fail if it does not exist.</summary>
    OpenExisting,

    /// <summary>Open an existing file for reading only; writes, truncation and sync-for-write throw.</summary>
    OpenReadOnly,
}
