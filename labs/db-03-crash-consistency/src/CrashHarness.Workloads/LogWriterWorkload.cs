using FromScratch.Shared.FileSystems;
using FromScratch.Wal;

namespace FromScratch.CrashHarness.Workloads;

/// <summary>
/// db-02's <see cref="LogWriter"/> with a sync per record, recovered with
/// <see cref="LogRecovery.OpenForAppend(IFileSystem, string, out LogRecoveryResult, ICorruptionReporter?, Action{IFileHandle}?)"/>.
/// <code>
///   mkdir /wal, fsync /; LogWriter.Create (create /wal/000001.log, fsync /wal)
///   record i: AddRecord, Sync (one write + one fsync), acknowledge
///   sizes cycle 100 B, 1 000 B, 40 000 B (FIRST + LAST across a 32 KiB block), 12 B
/// </code>
/// Invariant: after recovery the log reads as a prefix of the records written that holds every
/// acknowledged one, and one more durable append after recovery reads back as the last record.
/// Single-threaded: every case replays exactly.
/// </summary>
public sealed class LogWriterWorkload : ICrashWorkload
{
    private static readonly int[] Sizes = [100, 1_000, 40_000, 12];

    /// <summary>Creates the workload.</summary>
    /// <param name="records">How many records to append (each one write and one fsync).</param>
    public LogWriterWorkload(int records = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(records);
        Records = records;
    }

    /// <summary>How many records it appends.</summary>
    public int Records { get; }

    /// <inheritdoc/>
    public string Name => $"wal: LogWriter, sync per record (x{Records})";

    /// <inheritdoc/>
    public void Run(IFileSystem fileSystem, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(ledger);
        WalRecords.CreateDirectory(fileSystem);
        using var writer = LogWriter.Create(fileSystem, WalRecords.LogPath);
        for (var i = 1; i <= Records; i++)
        {
            var payload = WalRecords.Payload($"record {i}", Sizes[(i - 1) % Sizes.Length]);
            ledger.Attempt(WalRecords.Key, payload);
            writer.AddRecord(payload);
            writer.Sync();
            ledger.Acknowledge(WalRecords.Key, payload);
        }
    }

    /// <inheritdoc/>
    public void Recover(IFileSystem recovered)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        if (recovered.DirectoryExists(WalRecords.DirectoryPath) && recovered.FileExists(WalRecords.LogPath))
        {
            using var writer = LogRecovery.OpenForAppend(recovered, WalRecords.LogPath, out _);
        }
    }

    /// <inheritdoc/>
    public void Verify(IFileSystem recovered, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        ArgumentNullException.ThrowIfNull(ledger);
        WalRecords.Verify(recovered, ledger, fs =>
        {
            var writer = LogRecovery.OpenForAppend(fs, WalRecords.LogPath, out _);
            return record =>
            {
                using (writer)
                {
                    writer.AddRecord(record);
                    writer.Sync();
                }
            };
        });
    }
}
