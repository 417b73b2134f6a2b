using BenchmarkDotNet.Attributes;

namespace FromScratch.Bitcask.Benchmarks;

/// <summary>
/// Put and Get of a 100-byte value with a 16-byte key (db_bench's defaults) on a store on the real
/// disk, without fsync (SyncMode.None, WriteOptions.Default): the cost of encoding, checksumming,
/// one positional write and a key-directory update per Put; of a hash probe, one positional read
/// and a checksum per Get. The Get benchmark reads 100,000 keys loaded in setup, in a fixed random
/// order, so it measures the page-cache read path, not the disk.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const int OperationsPerInvocation = 1000;
    private const int LoadedKeys = 100_000;
    private string _directory = "";
    private BitcaskStore? _store;
    private byte[] _value = [];
    private byte[][] _keys = [];
    private int[] _order = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "fromscratch-bitcask-bench-" + Guid.NewGuid().ToString("N"));
        _store = BitcaskStore.Open(_directory);
        _value = new byte[100];
        new Random(42).NextBytes(_value);
        _keys = [.. Enumerable.Range(0, LoadedKeys).Select(i => System.Text.Encoding.ASCII.GetBytes($"{i:D16}"))];
        foreach (var key in _keys)
        {
            _store.Put(key, _value);
        }
        _order = [.. Enumerable.Range(0, LoadedKeys).OrderBy(_ => Random.Shared.Next())];
        new Random(7).Shuffle(_order);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Overwrites loaded keys in turn (the store's files grow; garbage accumulates as in db_bench's overwrite).</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation)]
    public void Put()
    {
        var store = _store!;
        for (var i = 0; i < OperationsPerInvocation; i++)
        {
            store.Put(_keys[_order[_next++ % LoadedKeys]], _value);
        }
    }

    /// <summary>Reads loaded keys in a fixed random order.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation)]
    public int Get()
    {
        var store = _store!;
        var total = 0;
        for (var i = 0; i < OperationsPerInvocation; i++)
        {
            total += store.Get(_keys[_order[_next++ % LoadedKeys]])!.Length;
        }
        return total;
    }
}
