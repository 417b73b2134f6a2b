using System.Text;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness.PlantedBugs;

/// <summary>
/// A small application log that appends checksummed records and acknowledges each one as
/// durable; with an <see cref="AppendMistake"/> it makes a classic durability mistake that the
/// <see cref="CrashPointHarness"/> must catch.
/// <code>
///   /app/events.log:  record*      record = | length u32 | masked crc32c(payload) u32 | payload |  (ChecksummedRecord)
///
///   setup:     mkdir /app, fsync /, create /app/events.log, fsync /app
///   record i:  append, fsync, acknowledge             (None)
///              append, acknowledge ... fsync at end   (AcknowledgeBeforeSync)
///   record FailedSyncRecord: its first fsync fails (FaultPlan.FailSync, EIO)
///              None: write the record again at its offset, fsync, acknowledge
///              RetrySyncAfterFailure: fsync again (succeeds), acknowledge
/// </code>
/// Recovery reads records from the start until one is cut short or fails its checksum (a torn
/// tail); the records read must be a prefix of those attempted that includes every acknowledged
/// one (<see cref="CrashLedger.ExpectSequence"/>). The masked checksum never matches a zero-filled
/// header, so zeros left by a crash end the log instead of reading as an empty record.
/// Single-threaded: every case replays exactly.
/// </summary>
public sealed class AppendLogWriter : ICrashWorkload
{
    /// <summary>The directory that holds the log.</summary>
    public const string DirectoryPath = "/app";

    /// <summary>The log file.</summary>
    public const string LogPath = "/app/events.log";

    /// <summary>The ledger key of the log's records.</summary>
    public const string Key = "events.log";

    /// <summary>Creates the writer.</summary>
    /// <param name="mistake">The mistake to make; <see cref="AppendMistake.None"/> for the correct twin.</param>
    /// <param name="records">How many records to append.</param>
    /// <param name="failedSyncRecord">
    /// The record (1-based) whose first fsync is made to fail, or null for none. Applies to
    /// <see cref="AppendMistake.None"/> and <see cref="AppendMistake.RetrySyncAfterFailure"/>
    /// (a writer that syncs only once has no per-record fsync to fail).
    /// </param>
    public AppendLogWriter(AppendMistake mistake, int records = 5, int? failedSyncRecord = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(records);
        if (failedSyncRecord is { } failing)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(failing, 1, nameof(failedSyncRecord));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(failing, records, nameof(failedSyncRecord));
        }
        Mistake = mistake;
        Records = records;
        FailedSyncRecord = mistake == AppendMistake.AcknowledgeBeforeSync ? null : failedSyncRecord;
    }

    /// <summary>The mistake this writer makes.</summary>
    public AppendMistake Mistake { get; }

    /// <summary>How many records it appends.</summary>
    public int Records { get; }

    /// <summary>The record whose first fsync fails, or null.</summary>
    public int? FailedSyncRecord { get; }

    /// <inheritdoc/>
    public string Name => Mistake switch
    {
        AppendMistake.None => FailedSyncRecord is null ? "append log (correct)" : "append log (correct: rewrites after a failed fsync)",
        AppendMistake.AcknowledgeBeforeSync => "append log: acknowledge before fsync",
        AppendMistake.RetrySyncAfterFailure => "append log: trust a retried fsync after a failed one",
        _ => $"append log: {Mistake}",
    };

    /// <summary>The payload of record <paramref name="index"/> (1-based): <c>event N</c>, spaces, then a letter repeated up to 200 bytes.</summary>
    public static byte[] Payload(int index)
    {
        var bytes = new byte[200];
        bytes.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes($"event {index}").CopyTo(bytes, 0);
        bytes.AsSpan(32).Fill((byte)('A' + (index % 26)));
        return bytes;
    }

    /// <inheritdoc/>
    public void Run(IFileSystem fileSystem, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(ledger);
        var faults = FailedSyncRecord is null
            ? null
            : (fileSystem as SimulatedFileSystem)?.Faults
                ?? throw new InvalidOperationException("Injecting a failed fsync needs the simulated file system.");

        fileSystem.CreateDirectory(DirectoryPath);
        fileSystem.SyncDirectory("/");
        using var log = fileSystem.OpenFile(LogPath, FileOpenMode.CreateNew);
        fileSystem.SyncDirectory(DirectoryPath);

        for (var i = 1; i <= Records; i++)
        {
            var payload = Payload(i);
            var record = ChecksummedRecord.Encode(payload);
            ledger.Attempt(Key, payload);
            var offset = log.Append(record);
            if (Mistake == AppendMistake.AcknowledgeBeforeSync)
            {
                ledger.Acknowledge(Key, payload);
                continue;
            }

            if (i == FailedSyncRecord)
            {
                faults!.FailSync(LogPath);
            }
            try
            {
                log.Sync();
            }
            catch (InjectedFaultException)
            {
                if (Mistake == AppendMistake.None)
                {
                    // The failed fsync may have dropped every write since the last good one; this
                    // writer syncs per record, so that is this record: write it again, then sync.
                    log.Write(record, offset);
                }
                log.Sync();
            }
            ledger.Acknowledge(Key, payload);
        }

        if (Mistake == AppendMistake.AcknowledgeBeforeSync)
        {
            log.Sync();
        }
    }

    /// <inheritdoc/>
    public void Verify(IFileSystem recovered, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        ArgumentNullException.ThrowIfNull(ledger);
        var records = new List<byte[]>();
        if (recovered.FileExists(LogPath))
        {
            var bytes = recovered.ReadAllBytes(LogPath).AsSpan();
            while (ChecksummedRecord.TryRead(bytes, out var payload, out var consumed) == ChecksummedRecord.ReadStatus.Ok)
            {
                records.Add(payload.ToArray());
                bytes = bytes[consumed..];
            }
        }
        ledger.ExpectSequence(Key, records);
    }
}
