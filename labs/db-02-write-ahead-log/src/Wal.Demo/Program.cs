using System.Text;
using FromScratch.Wal;

// db-02 demo: group commit, a crash that tears the tail, recovery, and the reader's corruption report.
// Run: ./lab demo db-02   (or: dotnet run --project labs/db-02-write-ahead-log/src/Wal.Demo)

var directory = Path.Combine(Path.GetTempPath(), "fromscratch-wal-demo-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
try
{
    var path = Path.Combine(directory, "000001.log");

    Section("1. Eight writers append 40 durable records each through group commit");
    const int Writers = 8;
    const int PerWriter = 40;
    using (var wal = WriteAheadLog.Open(path))
    {
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var s = 0; s < PerWriter; s++)
            {
                await wal.AppendAsync(MakeRecord(w, s), durable: true);
            }
        })));
        var stats = wal.Statistics;
        Console.WriteLine($"records {stats.Records}, batches {stats.Batches}, fsyncs {stats.Fsyncs}, mean batch {stats.MeanBatchSize:F1}, largest batch {stats.LargestBatch}");
        Console.WriteLine($"without group commit: {stats.Records} fsyncs; with it: {stats.Fsyncs}");
    }
    var length = new FileInfo(path).Length;
    Console.WriteLine($"log: {length:N0} bytes = {length / LogFormat.BlockSize} full 32 KiB blocks + {length % LogFormat.BlockSize:N0} bytes");
    var all = ReadAndReport(path, "clean log");

    Section("2. Crash: the last append was torn (file cut in the middle of the last record)");
    var lastStart = all.Count > 0 ? all[^1].Offset : 0;
    var cutAt = lastStart + ((length - lastStart) / 2);
    Cut(path, cutAt);
    Console.WriteLine($"the last record spans offsets {lastStart:N0}..{length:N0}; cut the file at {cutAt:N0}, halfway through it");
    ReadAndReport(path, "after the crash");

    Section("3. Recovery: reopen for append (truncate after the last intact record), then append more");
    using (var wal = WriteAheadLog.Open(path))
    {
        var recovery = wal.Recovery!;
        Console.WriteLine($"recovered {recovery.Records} records; valid length {recovery.ValidLength:N0}; truncated {recovery.TruncatedBytes:N0} bytes");
        foreach (var drop in recovery.Corruptions)
        {
            Console.WriteLine($"  recovery saw: {drop}");
        }
        for (var s = 0; s < 3; s++)
        {
            await wal.AppendAsync(MakeRecord(99, s), durable: true);
        }
        Console.WriteLine("appended 3 records from writer 99");
    }
    ReadAndReport(path, "after recovery and new appends");

    Section("4. Bit rot: one byte flipped in block 0");
    var bytes = File.ReadAllBytes(path);
    const int Flipped = 1000;
    bytes[Flipped] ^= 0x40;
    File.WriteAllBytes(path, bytes);
    Console.WriteLine($"flipped bit 6 of the byte at offset {Flipped:N0}");
    var survivors = ReadAndReport(path, "after the flip");
    Console.WriteLine("the reader dropped the rest of block 0 (a damaged length could point anywhere) and resynchronised at block 1;");
    Console.WriteLine($"it returned {survivors.Count} records, every one verified; none of the dropped bytes came back as data.");
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static byte[] MakeRecord(int writer, int sequence)
{
    // Every tenth record is 40 KB, so it spans a block boundary (FIRST + LAST fragments).
    var text = $"writer {writer} record {sequence} ";
    var size = sequence % 10 == 9 ? 40_000 : 100;
    var bytes = new byte[size];
    Encoding.ASCII.GetBytes(text).CopyTo(bytes, 0);
    return bytes;
}

static List<(long Offset, string Label)> ReadAndReport(string path, string title)
{
    var reporter = new PrintingReporter();
    var records = new List<(long, string)>();
    using (var reader = LogReader.Open(path, reporter))
    {
        while (reader.TryReadRecord(out var record))
        {
            var text = Encoding.ASCII.GetString(record.Span[..Math.Min(28, record.Length)]).TrimEnd('\0', ' ');
            records.Add((reader.LastRecordOffset, text));
        }
    }
    Console.WriteLine($"reader ({title}): {records.Count} records; reports: {(reporter.Count == 0 ? "none" : reporter.Count.ToString())}");
    return records;
}

static void Cut(string path, long length)
{
    using var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
    RandomAccess.SetLength(file, length);
}

static void Section(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('-', title.Length));
}

internal sealed class PrintingReporter : ICorruptionReporter
{
    public int Count { get; private set; }

    public void Report(LogCorruption corruption)
    {
        Count++;
        Console.WriteLine($"  report: {corruption}");
    }
}
