using BenchmarkDotNet.Attributes;

namespace FromScratch.Wal.Benchmarks;

/// <summary>
/// Read throughput by record size: LogReader over an in-memory 8 MiB log (block reads, checksum
/// verification, reassembly of fragmented records). What recovery costs per megabyte of log,
/// without the disk.
/// </summary>
[MemoryDiagnoser]
public class LogReaderBenchmarks
{
    private const int LogBytes = 8 * 1024 * 1024;
    private byte[] _log = [];
    private int _records;

    /// <summary>Record size in bytes.</summary>
    [Params(100, 1024, 16 * 1024, 100 * 1024)]
    public int RecordSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), "fromscratch-wal-bench-" + Guid.NewGuid().ToString("N") + ".log");
        var record = new byte[RecordSize];
        new Random(42).NextBytes(record);
        using (var writer = LogWriter.Create(path))
        {
            while (writer.Length < LogBytes)
            {
                writer.AddRecord(record);
                _records++;
            }
        }
        _log = File.ReadAllBytes(path);
        File.Delete(path);
    }

    /// <summary>Reads the whole log; reports time per 8 MiB (divide by the record count in the setup for per-record cost).</summary>
    [Benchmark]
    public int ReadAll()
    {
        using var reader = new LogReader(new MemoryStream(_log, writable: false));
        var count = 0;
        while (reader.TryReadRecord(out _))
        {
            count++;
        }
        return count == _records ? count : throw new InvalidOperationException($"read {count} of {_records} records");
    }
}
