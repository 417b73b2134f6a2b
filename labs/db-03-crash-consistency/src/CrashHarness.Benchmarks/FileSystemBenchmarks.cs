using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.CrashHarness.Benchmarks;

/// <summary>
/// What one simulated file-system operation costs next to the real one, for the two shapes of
/// work the storage labs do: a log append (write 4 KiB at the end, fsync) and an atomic replace
/// (create a temporary file, write 4 KiB, fsync it, rename it over the target, fsync the
/// directory). The simulator is the baseline of each category; the real runs hit the disk under
/// the temporary directory (on tmpfs fsync costs nothing, so say which it was when quoting).
/// <para>The simulated file system keeps every counted operation in its trace and every file's
/// unsynced history, so it is replaced every 4 096 operations (log: the file is also restarted at
/// 16 MiB); that cost is amortised into the numbers, as it is in the harness, which starts a fresh
/// file system at every crash point.</para>
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FileSystemBenchmarks
{
    private const int BlockSize = 4096;
    private const int ResetEvery = 4096;
    private const long RollAt = 16L * 1024 * 1024;

    private readonly byte[] _block = new byte[BlockSize];
    private string _realDirectory = "";
    private RealFileSystem _real = RealFileSystem.Instance;
    private IFileHandle? _realLog;
    private SimulatedFileSystem _simulated = new();
    private IFileHandle? _simulatedLog;
    private int _simulatedOperations;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_block);
        _realDirectory = Path.Combine(Path.GetTempPath(), "fromscratch-crash-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_realDirectory);
        _real = RealFileSystem.Instance;
        _realLog = _real.OpenFile(Path.Combine(_realDirectory, "bench.log"), FileOpenMode.CreateNew);
        ResetSimulated();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _realLog?.Dispose();
        _simulatedLog?.Dispose();
        Directory.Delete(_realDirectory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("append 4 KiB + fsync")]
    public long Simulated_append()
    {
        CountSimulated(2);
        return AppendAndSync(_simulatedLog!);
    }

    [Benchmark]
    [BenchmarkCategory("append 4 KiB + fsync")]
    public long Real_append() => AppendAndSync(_realLog!);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("create, fsync, rename, fsync dir")]
    public void Simulated_atomic_replace()
    {
        CountSimulated(5);
        AtomicFile.Write(_simulated, "/bench/config", _block);
    }

    [Benchmark]
    [BenchmarkCategory("create, fsync, rename, fsync dir")]
    public void Real_atomic_replace() => AtomicFile.Write(_real, Path.Combine(_realDirectory, "config"), _block);

    private long AppendAndSync(IFileHandle log)
    {
        if (log.Length >= RollAt)
        {
            log.SetLength(0);
        }
        var offset = log.Append(_block);
        log.Sync();
        return offset;
    }

    private void CountSimulated(int operations)
    {
        _simulatedOperations += operations;
        if (_simulatedOperations >= ResetEvery)
        {
            ResetSimulated();
        }
    }

    private void ResetSimulated()
    {
        _simulatedLog?.Dispose();
        _simulated = new SimulatedFileSystem();
        _simulated.CreateDirectory("/bench");
        _simulatedLog = _simulated.OpenFile("/bench/bench.log", FileOpenMode.CreateNew);
        _simulatedOperations = 0;
    }
}
