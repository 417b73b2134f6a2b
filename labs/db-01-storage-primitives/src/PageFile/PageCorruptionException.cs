using FromScratch.Shared.IO;

namespace FromScratch.PageFile;

/// <summary>
/// A page failed verification: its checksum does not match (torn write, flipped bit, zeroed
/// block), it holds another page's contents (misdirected write), or the file ends inside it.
/// <see cref="CorruptionException.Offset"/> is the byte offset of the page in the file.
/// </summary>
public class PageCorruptionException : CorruptionException
{
    /// <summary>Creates the exception for page <paramref name="pageNumber"/> of <paramref name="filePath"/>.</summary>
    public PageCorruptionException(string filePath, uint pageNumber, long offset, string reason, Exception? inner = null)
        : base(filePath, offset, $"page {pageNumber}: {reason}", inner)
    {
        PageNumber = pageNumber;
    }

    /// <summary>The number of the page that failed verification (the page that was asked for).</summary>
    public uint PageNumber { get; }
}
