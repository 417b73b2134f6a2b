namespace FromScratch.Shared.IO;

/// <summary>
/// A file's contents are not what its format promises: a checksum mismatch, a truncated record,
/// an impossible length, a page in the wrong place. Carries the file, the byte offset where the
/// problem was found and the reason, so that a message alone says where to look with <c>xxd</c>.
/// Every lab throws this, or a subclass, for corrupt or truncated files; a reader never returns
/// bytes that failed their check.
/// </summary>
public class CorruptionException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The corrupt file.</param>
    /// <param name="offset">The byte offset in the file where the corruption was detected.</param>
    /// <param name="reason">What is wrong, e.g. "checksum mismatch: stored 0x..., computed 0x...".</param>
    /// <param name="inner">The underlying error, if any.</param>
    public CorruptionException(string filePath, long offset, string reason, Exception? inner = null)
        : base($"Corruption in '{filePath}' at offset {offset}: {reason}", inner)
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The corrupt file.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset in <see cref="FilePath"/> where the corruption was detected.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file and offset.</summary>
    public string Reason { get; }
}
