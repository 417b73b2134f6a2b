using System.Buffers;
using System.Numerics;
using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;

namespace FromScratch.PageFile;

/// <summary>
/// A file of fixed-size pages in which every page proves its own identity and integrity, so that
/// a torn write, a flipped bit, a zeroed block and a misdirected write are each reported as
/// <see cref="PageCorruptionException"/> naming the page, never returned as data.
/// <code>
///   file:  | page 0: file header | page 1 | page 2 | ... | page PageCount-1 |
///          0                     P        2P       3P                     PageCount * P
///
///   every page (P = PageSize bytes, a power of two, 512..65536):
///   +------------------+------------------+-------------------------------------------+
///   | masked crc32c  4 | page number    4 | payload (P - 8 bytes)                     |
///   +------------------+------------------+-------------------------------------------+
///   0                  4                  8                                           P
///   crc32c covers bytes [4, P): the page number and the payload. Integers little-endian.
///   The stored value is Crc32C.Mask(crc), as LevelDB stores its CRCs.
///
///   page 0 payload (the file header):
///   +-----------------+-------------+---------------+--------------------------------+
///   | magic "FSPGFILE"| version u32 | page size u32 | zeros                          |
///   +-----------------+-------------+---------------+--------------------------------+
///   8                 16            20              24                               P
/// </code>
/// <para><b>Why the header is at the front of the page.</b> Pages have a fixed size, so there is
/// no streaming reason to put it last (LevelDB puts its block trailer last because a block's length
/// is known only after it is built). At the front, the payload starts at a fixed, 8-byte-aligned
/// offset, and the checksum covers everything after itself, including the page number.</para>
/// <para><b>What each check catches.</b>
/// (1) Torn write: a crash in the middle of a page write leaves part new, part old bytes, and the
/// CRC no longer matches. (2) Bit rot or a flipped bit anywhere in the page, header included: CRC
/// mismatch. (3) Misdirected write (the drive or a bug wrote page 7's bytes at page 9's offset): the
/// CRC is valid, but the stored page number is 7, not 9. (4) A zeroed page (a hole, or a block the
/// file system zero-filled after a crash): checked explicitly (stored checksum field 0 and every
/// byte 0) rather than trusting that zeros never happen to match their CRC, and reported as "all
/// zeros" to tell it from a torn page. (5) A file that ends inside a page (torn append): detected
/// when opening.</para>
/// <para><b>Never-written pages.</b> <see cref="Allocate"/> writes the new page (an empty payload
/// with a valid header) before returning its number, so every page inside the file has been
/// written at least once and no page is legitimately all zeros; reading one is corruption. The file
/// length is therefore always a whole number of pages, and <see cref="PageCount"/> is derived from
/// it when opening.</para>
/// <para><b>Durability.</b> Writes reach the OS cache; <see cref="Sync"/> (fdatasync) makes every
/// write and allocation made before it durable. <see cref="Create(IFileSystem, string, int)"/> syncs the new file and its
/// directory before returning.</para>
/// <para><b>Thread-safety.</b> <see cref="Read"/> and <see cref="Write"/> are safe to call
/// concurrently for different pages (positional I/O, no shared buffer); two concurrent writes of
/// the same page race and the caller must serialise them, as a buffer pool's page latch does.
/// <see cref="Allocate"/> is serialised by a lock. <see cref="Dispose"/> must not run concurrently
/// with other calls. The file is opened exclusively (<see cref="FileShare.None"/> on the real disk):
/// a second PageFile on the same file, in this or another process, fails to open.</para>
/// <para><b>File system.</b> Every file operation goes through an <see cref="IFileSystem"/>: the
/// overloads without one use <see cref="RealFileSystem.Instance"/>, and db-03's crash simulator
/// passes its <c>SimulatedFileSystem</c> to see what a crash at each operation leaves behind.</para>
/// </summary>
public sealed class PageFile : IDisposable
{
    /// <summary>Bytes at the start of every page: the masked CRC32C (4) and the page number (4).</summary>
    public const int PageHeaderSize = 8;

    /// <summary>The smallest page size (one traditional disk sector).</summary>
    public const int MinPageSize = 512;

    /// <summary>The largest page size (SQLite's maximum).</summary>
    public const int MaxPageSize = 65536;

    /// <summary>The format version written in the file header.</summary>
    public const uint FormatVersion = 1;

    private const int ChecksumOffset = 0;
    private const int PageNumberOffset = 4;
    private const int MagicOffset = PageHeaderSize;
    private const int VersionOffset = PageHeaderSize + 8;
    private const int PageSizeOffset = PageHeaderSize + 12;

    private static ReadOnlySpan<byte> Magic => "FSPGFILE"u8;

    private readonly IFileHandle _file;
    private readonly Lock _allocateLock = new();
    private long _pageCount;
    private volatile bool _disposed;

    private PageFile(string path, IFileHandle file, int pageSize, long pageCount)
    {
        FilePath = path;
        _file = file;
        PageSize = pageSize;
        _pageCount = pageCount;
    }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>The size of every page in bytes, header included.</summary>
    public int PageSize { get; }

    /// <summary>The bytes of payload a page holds: <see cref="PageSize"/> - <see cref="PageHeaderSize"/>.</summary>
    public int PayloadSize => PageSize - PageHeaderSize;

    /// <summary>
    /// The number of pages in the file, the header page 0 included: data pages are numbered
    /// 1 to PageCount - 1. A new file has PageCount 1.
    /// </summary>
    public uint PageCount => (uint)Volatile.Read(ref _pageCount);

    /// <summary>Creates a new page file with one page, the header page 0, and makes it durable.</summary>
    /// <exception cref="ArgumentException"><paramref name="pageSize"/> is not a power of two in 512..65536.</exception>
    /// <exception cref="IOException">The file already exists, or the OS reported an error.</exception>
    public static PageFile Create(string path, int pageSize) => Create(RealFileSystem.Instance, path, pageSize);

    /// <summary>
    /// Creates a new page file on <paramref name="fileSystem"/> with one page, the header page 0,
    /// and makes it durable: the file is synced (<see cref="FileSyncKind.All"/>), then its directory.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pageSize"/> is not a power of two in 512..65536.</exception>
    /// <exception cref="IOException">The file already exists, or the file system reported an error.</exception>
    public static PageFile Create(IFileSystem fileSystem, string path, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ValidatePageSize(pageSize);
        var fullPath = Path.GetFullPath(path);
        var handle = fileSystem.OpenFile(fullPath, FileOpenMode.CreateNew, exclusive: true);
        try
        {
            var file = new PageFile(fullPath, handle, pageSize, pageCount: 1);
            file.WriteHeaderPage();
            handle.Sync(FileSyncKind.All);
            fileSystem.SyncDirectory(Path.GetDirectoryName(fullPath)!);
            return file;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing page file, taking the page size from its header.</summary>
    /// <exception cref="PageCorruptionException">The header page fails verification, or the file ends inside a page.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static PageFile Open(string path) => Open(RealFileSystem.Instance, path);

    /// <summary>Opens an existing page file on <paramref name="fileSystem"/>, taking the page size from its header.</summary>
    /// <exception cref="PageCorruptionException">The header page fails verification, or the file ends inside a page.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static PageFile Open(IFileSystem fileSystem, string path) => Open(fileSystem, path, expectedPageSize: null);

    /// <summary>Opens an existing page file and checks that its page size is <paramref name="pageSize"/>.</summary>
    /// <exception cref="ArgumentException">The file's header says another page size, or <paramref name="pageSize"/> is invalid.</exception>
    /// <exception cref="PageCorruptionException">The header page fails verification, or the file ends inside a page.</exception>
    public static PageFile Open(string path, int pageSize) => Open(RealFileSystem.Instance, path, pageSize);

    /// <summary>Opens an existing page file on <paramref name="fileSystem"/> and checks that its page size is <paramref name="pageSize"/>.</summary>
    /// <exception cref="ArgumentException">The file's header says another page size, or <paramref name="pageSize"/> is invalid.</exception>
    /// <exception cref="PageCorruptionException">The header page fails verification, or the file ends inside a page.</exception>
    public static PageFile Open(IFileSystem fileSystem, string path, int pageSize)
    {
        ValidatePageSize(pageSize);
        return Open(fileSystem, path, (int?)pageSize);
    }

    /// <summary>
    /// Appends a new page with an empty (all-zero) payload, writes it, and returns its number.
    /// Like every write, it is durable only after <see cref="Sync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file already has 2^32 - 1 pages.</exception>
    public uint Allocate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_allocateLock)
        {
            var pageNumber = _pageCount;
            if (pageNumber >= uint.MaxValue)
            {
                throw new InvalidOperationException($"'{FilePath}' is full: page numbers are 32-bit.");
            }

            WritePage((uint)pageNumber, ReadOnlySpan<byte>.Empty);
            Volatile.Write(ref _pageCount, pageNumber + 1);
            return (uint)pageNumber;
        }
    }

    /// <summary>
    /// Writes <paramref name="payload"/> into page <paramref name="pageNumber"/>; a payload shorter
    /// than <see cref="PayloadSize"/> is padded with zeros.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The page is the header page 0 or not allocated.</exception>
    /// <exception cref="ArgumentException">The payload is longer than <see cref="PayloadSize"/>.</exception>
    public void Write(uint pageNumber, ReadOnlySpan<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateDataPage(pageNumber);
        if (payload.Length > PayloadSize)
        {
            throw new ArgumentException(
                $"The payload has {payload.Length} bytes; a page of {PageSize} bytes holds at most {PayloadSize}.", nameof(payload));
        }

        WritePage(pageNumber, payload);
    }

    /// <summary>
    /// Reads page <paramref name="pageNumber"/>, verifies its checksum and page number, and copies
    /// its <see cref="PayloadSize"/> payload bytes into <paramref name="payload"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The page is the header page 0 or not allocated.</exception>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is shorter than <see cref="PayloadSize"/>.</exception>
    /// <exception cref="PageCorruptionException">The page fails verification; nothing is copied.</exception>
    public void Read(uint pageNumber, Span<byte> payload)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ValidateDataPage(pageNumber);
        if (payload.Length < PayloadSize)
        {
            throw new ArgumentException(
                $"The destination has {payload.Length} bytes; a page's payload is {PayloadSize}.", nameof(payload));
        }

        var page = ArrayPool<byte>.Shared.Rent(PageSize);
        try
        {
            var span = page.AsSpan(0, PageSize);
            ReadVerified(_file, FilePath, pageNumber, span);
            span[PageHeaderSize..].CopyTo(payload);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    /// <summary>Makes every write and allocation so far durable (fdatasync: data and file size).</summary>
    public void Sync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _file.Sync(FileSyncKind.Data);
    }

    /// <summary>Closes the file without syncing it; call <see cref="Sync"/> first to keep unsynced writes.</summary>
    public void Dispose()
    {
        _disposed = true;
        _file.Dispose();
    }

    private static PageFile Open(IFileSystem fileSystem, string path, int? expectedPageSize)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var handle = fileSystem.OpenFile(fullPath, FileOpenMode.OpenExisting, exclusive: true);
        try
        {
            var pageSize = ReadHeader(handle, fullPath);
            if (expectedPageSize is { } expected && expected != pageSize)
            {
                throw new ArgumentException(
                    $"'{fullPath}' has pages of {pageSize} bytes, not {expected}.", nameof(path));
            }

            var length = handle.Length;
            if (length % pageSize != 0)
            {
                var partial = (uint)(length / pageSize);
                PageFileMetrics.RecordCorruption("truncated");
                throw new PageCorruptionException(fullPath, partial, (long)partial * pageSize,
                    $"the file ends {length % pageSize} bytes into this {pageSize}-byte page (a torn append).");
            }

            var pageCount = length / pageSize;
            if (pageCount > uint.MaxValue)
            {
                throw new PageCorruptionException(fullPath, uint.MaxValue, length,
                    $"the file holds {pageCount} pages, more than 32-bit page numbers allow.");
            }

            return new PageFile(fullPath, handle, pageSize, pageCount);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    // Reads page 0 in two steps: the page size is not known until the header is read, so the
    // first MinPageSize bytes (which hold the whole header) are read to learn it; then the full
    // page is read and verified with its checksum before any other field of it is trusted.
    private static int ReadHeader(IFileHandle handle, string path)
    {
        Span<byte> start = stackalloc byte[MinPageSize];
        var got = handle.Read(start, 0);
        if (got < MinPageSize)
        {
            PageFileMetrics.RecordCorruption("truncated");
            throw new PageCorruptionException(path, 0, 0,
                $"the file is {got} bytes long, too short for a file header (at least {MinPageSize}).");
        }

        var claimed = Fixed.Read32(start[PageSizeOffset..]);
        if (claimed is < MinPageSize or > MaxPageSize || !BitOperations.IsPow2(claimed))
        {
            // The checksum cannot be checked without a page size; say which of the two it looks like.
            if (!start.Slice(MagicOffset, Magic.Length).SequenceEqual(Magic))
            {
                throw new PageCorruptionException(path, 0, MagicOffset, "bad magic: this is not a page file (or its header is destroyed).");
            }

            PageFileMetrics.RecordCorruption("checksum");
            throw new PageCorruptionException(path, 0, PageSizeOffset,
                $"the header's page size {claimed} is not a power of two in {MinPageSize}..{MaxPageSize}: the header is corrupt.");
        }

        var page = ArrayPool<byte>.Shared.Rent((int)claimed);
        try
        {
            var span = page.AsSpan(0, (int)claimed);
            ReadVerified(handle, path, 0, span);
            if (!span.Slice(MagicOffset, Magic.Length).SequenceEqual(Magic))
            {
                throw new PageCorruptionException(path, 0, MagicOffset, "bad magic: this is not a page file.");
            }

            var version = Fixed.Read32(span[VersionOffset..]);
            if (version != FormatVersion)
            {
                throw new PageCorruptionException(path, 0, VersionOffset,
                    $"format version {version} is not supported (this code reads version {FormatVersion}).");
            }

            return (int)claimed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    // Reads the whole page into `page` and verifies it; throws before the caller can see a byte.
    private static void ReadVerified(IFileHandle handle, string path, uint pageNumber, Span<byte> page)
    {
        var offset = (long)pageNumber * page.Length;
        var got = handle.Read(page, offset);
        if (got < page.Length)
        {
            PageFileMetrics.RecordCorruption("truncated");
            throw new PageCorruptionException(path, pageNumber, offset,
                $"the file ends {got} bytes into this {page.Length}-byte page.");
        }

        var storedField = Fixed.Read32(page[ChecksumOffset..]);
        if (storedField == 0 && !page.ContainsAnyExcept((byte)0))
        {
            PageFileMetrics.RecordCorruption("zeroed");
            throw new PageCorruptionException(path, pageNumber, offset,
                "the page is all zeros: it was never written, or the file system zero-filled it after a crash.");
        }

        var stored = Crc32C.Unmask(storedField);
        var computed = Crc32C.Compute(page[PageNumberOffset..]);
        if (stored != computed)
        {
            PageFileMetrics.RecordCorruption("checksum");
            throw new PageCorruptionException(path, pageNumber, offset,
                $"checksum mismatch (stored crc32c 0x{stored:X8}, computed 0x{computed:X8}): a torn write or flipped bits.");
        }

        var storedNumber = Fixed.Read32(page[PageNumberOffset..]);
        if (storedNumber != pageNumber)
        {
            PageFileMetrics.RecordCorruption("misdirected");
            throw new PageCorruptionException(path, pageNumber, offset,
                $"misdirected write: the page at this offset is a valid copy of page {storedNumber}.");
        }

        PageFileMetrics.RecordRead();
    }

    private static void ValidatePageSize(int pageSize)
    {
        if (pageSize is < MinPageSize or > MaxPageSize || !BitOperations.IsPow2(pageSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize,
                $"The page size must be a power of two from {MinPageSize} to {MaxPageSize}.");
        }
    }

    private void ValidateDataPage(uint pageNumber)
    {
        if (pageNumber == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pageNumber), pageNumber, "Page 0 is the file header; data pages start at 1.");
        }

        if (pageNumber >= PageCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pageNumber), pageNumber,
                $"Page {pageNumber} is beyond the end of the file: it has pages 1..{PageCount - 1} (allocate first).");
        }
    }

    private void WriteHeaderPage()
    {
        Span<byte> header = stackalloc byte[PageSizeOffset + 4 - PageHeaderSize];
        Magic.CopyTo(header);
        Fixed.Write32(header[(VersionOffset - PageHeaderSize)..], FormatVersion);
        Fixed.Write32(header[(PageSizeOffset - PageHeaderSize)..], (uint)PageSize);
        WritePage(0, header);
    }

    // Builds the page image (header + payload + zero padding) in a pooled buffer and writes it
    // with one positional write.
    private void WritePage(uint pageNumber, ReadOnlySpan<byte> payload)
    {
        var page = ArrayPool<byte>.Shared.Rent(PageSize);
        try
        {
            var span = page.AsSpan(0, PageSize);
            span.Clear();
            Fixed.Write32(span[PageNumberOffset..], pageNumber);
            payload.CopyTo(span[PageHeaderSize..]);
            Fixed.Write32(span[ChecksumOffset..], Crc32C.Mask(Crc32C.Compute(span[PageNumberOffset..])));
            _file.Write(span, (long)pageNumber * PageSize);
            PageFileMetrics.RecordWrite();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }
}
