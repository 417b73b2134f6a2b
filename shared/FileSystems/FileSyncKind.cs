namespace FromScratch.Shared.FileSystems;

/// <summary>What <see cref="IFileHandle.Sync"/> makes durable.</summary>
public enum FileSyncKind
{
    /// <summary>
    /// The data and the metadata needed to read it back, such as a grown length (Linux
    /// <c>fdatasync</c>): what a log or a page file needs after writing.
    /// </summary>
    Data,

    /// <summary>The data and all metadata, timestamps included (<c>fsync</c>; <c>F_FULLFSYNC</c> on macOS).</summary>
    All,
}
