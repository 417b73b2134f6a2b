using System.Text;
using FromScratch.Shared.FileSystems;
using FromScratch.Wal;

namespace FromScratch.CrashHarness.Workloads;

/// <summary>What the two log workloads share: record contents, and the recovery check.</summary>
internal static class WalRecords
{
    public const string DirectoryPath = "/wal";

    public const string LogPath = "/wal/000001.log";

    public const string Key = "000001.log";

    // Record i's payload: "<tag> i", spaces, then a letter repeated to `size` bytes.
    public static byte[] Payload(string tag, int size)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)' ');
        var text = Encoding.ASCII.GetBytes(tag);
        if (text.Length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A record of {size} bytes cannot hold its tag '{tag}'.");
        }
        text.CopyTo(bytes, 0);
        if (size > 32)
        {
            bytes.AsSpan(32).Fill((byte)('a' + (text.Sum(b => b) % 26)));
        }
        return bytes;
    }

    public static void CreateDirectory(IFileSystem fileSystem)
    {
        fileSystem.CreateDirectory(DirectoryPath);
        fileSystem.SyncDirectory("/");
    }

    /// <summary>
    /// Recovers the log the way its owner would (<paramref name="recover"/> opens it for appending,
    /// truncating a torn tail), reads every record, and checks them against the ledger; then appends
    /// one more record durably and checks that the log reads as recovered + that record, so a
    /// recovery that leaves the log unsafe to continue is caught too.
    /// </summary>
    public static void Verify(IFileSystem recovered, CrashLedger ledger, Func<IFileSystem, Action<byte[]>> recover, Action<IReadOnlyList<byte[]>>? check = null)
    {
        check ??= records => ledger.ExpectSequence(Key, records);
        if (!recovered.DirectoryExists(DirectoryPath) || !recovered.FileExists(LogPath))
        {
            check([]);
            return;
        }

        var append = recover(recovered);
        var records = ReadAll(recovered);
        check(records);

        var next = Payload("after recovery", 100);
        append(next);
        var again = ReadAll(recovered);
        if (again.Count != records.Count + 1 || !again[^1].AsSpan().SequenceEqual(next))
        {
            throw new CrashInvariantViolation(
                $"'{Key}': after recovery ({records.Count} records) and one durable append, the log reads {again.Count} records" +
                (again.Count > 0 ? $", the last {CrashLedger.Describe(again[^1])}" : string.Empty) + ": recovery left the log unsafe to continue.");
        }
    }

    private static List<byte[]> ReadAll(IFileSystem fileSystem)
    {
        using var reader = LogReader.Open(fileSystem, LogPath);
        return [.. reader.ReadRecords()];
    }
}
