namespace FromScratch.Shared.FileSystems;

/// <summary>Whole-file helpers built only from <see cref="IFileSystem"/> operations, so they behave the same on the real disk and in the simulator.</summary>
public static class FileSystemExtensions
{
    /// <summary>The suffix of the temporary file <see cref="WriteAtomically"/> writes before its rename.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Reads the whole file.</summary>
    public static byte[] ReadAllBytes(this IFileSystem fileSystem, string path)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        using var file = fileSystem.OpenFile(path, FileOpenMode.OpenReadOnly);
        var length = file.Length;
        if (length > Array.MaxLength)
        {
            throw new IOException($"'{path}' is {length} bytes, too large to read into one array.");
        }

        var bytes = new byte[length];
        var got = file.Read(bytes, 0);
        return got == bytes.Length ? bytes : bytes[..got];
    }

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/>, which must not reach past the end of the file.</summary>
    /// <exception cref="EndOfStreamException">The file ends first; the message names the offset, the bytes wanted and the bytes found.</exception>
    public static void ReadExactly(this IFileHandle file, Span<byte> buffer, long offset)
    {
        ArgumentNullException.ThrowIfNull(file);
        var got = file.Read(buffer, offset);
        if (got != buffer.Length)
        {
            throw new EndOfStreamException(
                $"Unexpected end of '{file.Path}': wanted {buffer.Length} bytes at offset {offset}, got {got} (file ends at {offset + got}).");
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/>'s contents so that after a crash at any moment it holds the
    /// old contents or the new, never a mix, and the new once this returns:
    /// <code>
    ///   1. write  path.tmp            (created or truncated)
    ///   2. fsync  path.tmp            the data is durable before any name points to it
    ///   3. rename path.tmp -> path    atomic: a reader sees old or new, never neither
    ///   4. fsync  directory(path)     the rename itself is durable
    /// </code>
    /// Skip step 2 and a crash can leave <c>path</c> naming an empty or torn file; skip step 4 and
    /// the rename can be undone (db-03's planted bugs show both). Not safe for concurrent writers of
    /// the same path (they share the temporary name).
    /// </summary>
    public static void WriteAtomically(this IFileSystem fileSystem, string path, ReadOnlySpan<byte> contents)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        var tempPath = fullPath + TempSuffix;
        using (var file = fileSystem.OpenFile(tempPath, FileOpenMode.CreateOrTruncate))
        {
            file.Write(contents, 0);
            file.Sync(FileSyncKind.All);
        }

        fileSystem.RenameFile(tempPath, fullPath);
        fileSystem.SyncDirectory(directory);
    }
}
