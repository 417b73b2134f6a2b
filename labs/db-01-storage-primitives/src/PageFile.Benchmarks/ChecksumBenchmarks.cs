using BenchmarkDotNet.Attributes;
using FromScratch.Shared.Checksums;

namespace FromScratch.PageFile.Benchmarks;

/// <summary>
/// CRC-32 (IEEE, System.IO.Hashing, vectorised with carry-less multiply) against CRC-32C with the
/// CPU's crc32 instruction and with the byte-at-a-time table, from a log record to a large block.
/// Throughput is Size / Mean.
/// </summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private byte[] _data = [];

    [Params(64, 4096, 65536, 1 << 20)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public uint Crc32Ieee() => Crc32.Compute(_data);

    [Benchmark]
    public uint Crc32CHardware() => Crc32C.ExtendHardware(0, _data);

    [Benchmark]
    public uint Crc32CSoftware() => Crc32C.ExtendSoftware(0, _data);
}
