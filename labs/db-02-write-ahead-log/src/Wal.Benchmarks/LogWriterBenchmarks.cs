using BenchmarkDotNet.Attributes;

namespace FromScratch.Wal.Benchmarks;

/// <summary>
/// Non-durable append throughput by record size: LogWriter.AddRecord (checksum, fragmentation,
/// copy into the write buffer) plus the positional writes into the page cache, never an fsync.
/// Like db_bench's fillseq without sync: it measures the CPU and syscall cost of the format, not
/// the disk. The file is restarted every 64 MiB so a run does not fill the disk; that cost is
/// amortised over 256 records per invocation and included.
/// </summary>
[MemoryDiagnoser]
public class LogWriterBenchmarks
{
    private const int RecordsPerInvocation = 256;
    private const long RollAt = 64L * 1024 * 1024;
    private string _directory = "";
    private string _path = "";
    private LogWriter? _writer;
    private byte[] _record = [];

    /// <summary>Record size in bytes: a small KV write, a page, a large value, a fragmented record.</summary>
    [Params(100, 1024, 16 * 1024, 100 * 1024)]
    public int RecordSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "fromscratch-wal-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "bench.log");
        _record = new byte[RecordSize];
        new Random(42).NextBytes(_record);
        _writer = LogWriter.Create(_path);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = RecordsPerInvocation)]
    public long AddRecord()
    {
        var writer = _writer!;
        for (var i = 0; i < RecordsPerInvocation; i++)
        {
            writer.AddRecord(_record);
        }
        writer.Flush();
        if (writer.Length > RollAt)
        {
            writer.Dispose();
            File.Delete(_path);
            _writer = writer = LogWriter.Create(_path);
        }
        return writer.Length;
    }
}
