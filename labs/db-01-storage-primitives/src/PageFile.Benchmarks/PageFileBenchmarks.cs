using BenchmarkDotNet.Attributes;

namespace FromScratch.PageFile.Benchmarks;

/// <summary>
/// Reading (with verification) and writing (with checksumming) one page of a file whose pages are
/// in the OS page cache: the cost of the page file's own work plus one pread/pwrite system call,
/// not the disk's. No sync: see the durability experiment (PageFile.Demo) for what fsync costs.
/// </summary>
[MemoryDiagnoser]
public class PageFileBenchmarks
{
    private const int Pages = 256;
    private string _directory = "";
    private PageFile? _file;
    private byte[] _payload = [];
    private uint _next;

    [Params(4096, 16384)]
    public int PageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "fromscratch-pagefile-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _file = PageFile.Create(Path.Combine(_directory, "bench.db"), PageSize);
        _payload = new byte[_file.PayloadSize];
        new Random(1).NextBytes(_payload);
        for (var i = 0; i < Pages; i++)
        {
            _file.Write(_file.Allocate(), _payload);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public void ReadPage() => _file!.Read(NextPage(), _payload);

    [Benchmark]
    public void WritePage() => _file!.Write(NextPage(), _payload);

    private uint NextPage()
    {
        _next = (_next % Pages) + 1;
        return _next;
    }
}
