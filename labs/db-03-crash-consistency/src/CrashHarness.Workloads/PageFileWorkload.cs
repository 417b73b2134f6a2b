using System.Globalization;
using System.Text;
using FromScratch.PageFile;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;
using Pages = FromScratch.PageFile.PageFile;

namespace FromScratch.CrashHarness.Workloads;

/// <summary>
/// db-01's <see cref="PageFile"/>: allocate, write and sync pages, overwrite some in place, and
/// leave a last round unsynced.
/// <code>
///   mkdir /db, fsync /; PageFile.Create (header page 0, fsync file, fsync /db)   ack header
///   phase 1: allocate 1, 2; write 1 = A1, 2 = A2; Sync                         ack pages 1, 2
///   phase 2: write 1 = B1 (in place); allocate 3; write 3 = A3; Sync           ack pages 1, 3
///   phase 3: write 2 = B2 (in place); allocate 4; write 4 = A4                 never synced
/// </code>
/// <para>Invariants after a crash, for every page the run touched: a page whose last write was
/// acknowledged reads back exactly that; a page with a write in flight (written since the last
/// Sync) reads as its last acknowledged contents, as one of the later writes, or raises
/// <see cref="PageCorruptionException"/> (torn, zeroed or cut short), which is the page file's
/// specified answer to a torn write; no page exists that was never allocated. Opening the file may
/// itself raise <see cref="PageCorruptionException"/> when the file ends inside a page allocated
/// since the last Sync (a torn append): accepted only for such a page, and then the file is cut to
/// whole pages and opened again so that every other page is still checked. When the only reports are
/// for pages with writes in flight, <see cref="Verify"/> rethrows the first so the harness counts
/// it as an accepted corruption report.</para>
/// <para><b>What this accepts, and why.</b> Phase 2 overwrites page 1 in place after it was
/// acknowledged. A crash that tears that write destroys the acknowledged contents too: the page
/// file detects it (the checksum fails) but cannot bring the old page back, because it writes pages
/// in place with no journal or double-write buffer. That is its specification (db-01 detects torn
/// pages; making a multi-page update atomic is the job of a log, db-02, and of the storage engines
/// built on it), so the check accepts a corruption report for a page with a write in flight, even
/// one acknowledged before.</para>
/// <para>The page size is larger than the simulator's 512-byte sector, so a page write can tear.
/// Single-threaded: every case replays exactly.</para>
/// </summary>
public sealed class PageFileWorkload : ICrashWorkload
{
    /// <summary>The page file.</summary>
    public const string FilePath = "/db/pages.db";

    private const string DirectoryPath = "/db";

    /// <summary>Creates the workload.</summary>
    /// <param name="pageSize">The page size (a power of two, 512..65536); 1024 by default, two sectors.</param>
    public PageFileWorkload(int pageSize = 1024)
    {
        PageSize = pageSize;
    }

    /// <summary>The page size.</summary>
    public int PageSize { get; }

    /// <inheritdoc/>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"page file: allocate, write, sync ({PageSize}-byte pages)");

    /// <summary>The ledger key of page <paramref name="pageNumber"/> (page 0 is the header).</summary>
    public static string PageKey(uint pageNumber) => pageNumber == 0 ? "header" : string.Create(CultureInfo.InvariantCulture, $"page {pageNumber}");

    /// <inheritdoc/>
    public void Run(IFileSystem fileSystem, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(ledger);
        fileSystem.CreateDirectory(DirectoryPath);
        fileSystem.SyncDirectory("/");
        var header = PageKey(0);
        ledger.Attempt(header, []);
        using var file = Pages.Create(fileSystem, FilePath, PageSize);
        ledger.Acknowledge(header);

        var pending = new HashSet<uint>();
        Allocate(file, ledger, pending);
        Allocate(file, ledger, pending);
        Write(file, ledger, pending, 1, "A1");
        Write(file, ledger, pending, 2, "A2");
        Sync(file, ledger, pending);

        Write(file, ledger, pending, 1, "B1");
        Allocate(file, ledger, pending);
        Write(file, ledger, pending, 3, "A3");
        Sync(file, ledger, pending);

        Write(file, ledger, pending, 2, "B2");
        Allocate(file, ledger, pending);
        Write(file, ledger, pending, 4, "A4");
    }

    /// <inheritdoc/>
    public void Verify(IFileSystem recovered, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        ArgumentNullException.ThrowIfNull(ledger);
        if (!recovered.FileExists(FilePath))
        {
            if (ledger.IsAcknowledged(PageKey(0)))
            {
                throw new CrashInvariantViolation($"'{FilePath}' is missing after the crash, but PageFile.Create had returned.");
            }
            return;
        }

        PageCorruptionException? accepted = null;
        Pages file;
        try
        {
            file = Pages.Open(recovered, FilePath);
        }
        catch (PageCorruptionException tornAppend) when (tornAppend.PageNumber != 0 && IsAcceptableCorruption(tornAppend, ledger))
        {
            // The file ends inside a page allocated since the last Sync: a torn append, which the
            // page file reports instead of opening. Cut it off, as its owner would, and check every
            // other page: an acknowledged page must not hide behind the accepted report.
            accepted = tornAppend;
            using (var handle = recovered.OpenFile(FilePath, FileOpenMode.OpenExisting))
            {
                handle.SetLength(tornAppend.Offset);
            }
            file = Pages.Open(recovered, FilePath);
        }

        using var opened = file;
        if (file.PageSize != PageSize)
        {
            throw new CrashInvariantViolation($"'{FilePath}' opened with pages of {file.PageSize} bytes, not {PageSize}.");
        }

        var written = ledger.Keys.Count(k => k != PageKey(0));
        if (file.PageCount - 1 > written)
        {
            throw new CrashInvariantViolation($"'{FilePath}' has {file.PageCount - 1} data pages, but only {written} were ever allocated.");
        }

        var payload = new byte[file.PayloadSize];
        for (uint page = 1; page <= written; page++)
        {
            var key = PageKey(page);
            if (page >= file.PageCount)
            {
                if (ledger.IsAcknowledged(key))
                {
                    throw new CrashInvariantViolation($"'{key}' was acknowledged, but the file has only pages 1..{file.PageCount - 1}.");
                }
                continue;
            }
            try
            {
                file.Read(page, payload);
            }
            catch (PageCorruptionException corruption) when (IsAcceptableCorruption(corruption, ledger))
            {
                accepted ??= corruption;
                continue;
            }
            catch (PageCorruptionException corruption)
            {
                throw new CrashInvariantViolation($"'{key}' had no write in flight and its last write was acknowledged, but reading it raised: {corruption.Message}", corruption);
            }
            ledger.ExpectValue(key, payload);
        }

        if (accepted is not null)
        {
            throw accepted;
        }
    }

    /// <inheritdoc/>
    public bool IsAcceptableCorruption(CorruptionException corruption, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return corruption is PageCorruptionException page && ledger.UnacknowledgedCount(PageKey(page.PageNumber)) > 0;
    }

    private static void Allocate(Pages file, CrashLedger ledger, HashSet<uint> pending)
    {
        var page = file.PageCount;
        ledger.Attempt(PageKey(page), new byte[file.PayloadSize]);
        var allocated = file.Allocate();
        if (allocated != page)
        {
            throw new InvalidOperationException($"Allocate returned page {allocated}, expected {page}.");
        }
        pending.Add(page);
    }

    private static void Write(Pages file, CrashLedger ledger, HashSet<uint> pending, uint page, string tag)
    {
        var payload = new byte[file.PayloadSize];
        payload.AsSpan().Fill((byte)tag[0]);
        Encoding.ASCII.GetBytes($"page {page} {tag}").CopyTo(payload, 0);
        ledger.Attempt(PageKey(page), payload);
        file.Write(page, payload);
        pending.Add(page);
    }

    private static void Sync(Pages file, CrashLedger ledger, HashSet<uint> pending)
    {
        file.Sync();
        foreach (var page in pending)
        {
            ledger.Acknowledge(PageKey(page));
        }
        pending.Clear();
    }
}
