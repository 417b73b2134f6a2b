namespace FromScratch.Shared.FileSystems;

/// <summary>Whole-file helpers built only from <see cref="IFileSystem"/> operations, so they behave the same on the real disk and in the simulator. (The atomic replace is <see cref="IO.AtomicFile"/>.)</summary>
public static class FileSystemExtensions
{
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
}
