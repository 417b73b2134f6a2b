using BenchmarkDotNet.Running;
using FromScratch.Bitcask;
using FromScratch.Bitcask.Benchmarks;
using FromScratch.Peers.Comparison;
using FromScratch.Shared.Workloads;

// `workload ...`       the db_bench-style workload runner on a Bitcask store on the real disk;
//                      an extra flag --sync_mode none|groupcommit|always picks BitcaskOptions.SyncMode.
// `compare ...`        Bitcask against LevelDB and RocksDB (those installed) on the same workloads,
//                      interleaved repetitions in child processes (tools/Peers, CompareCommand).
// `keydir-memory [N]`  bytes per key of the key directory (GC heap before and after loading N keys).
// anything else        BenchmarkDotNet, e.g. --filter '*StoreBenchmarks*' --job dry.
// `./lab bench db-04 -- compare ...` passes a verb on as it is, without BenchmarkDotNet's defaults.
if (CompareCommand.IsCompareCommand(args))
{
    return CompareCommand.Run(args, BitcaskPeerEngine.Create(), invokedAs: "./lab bench db-04 --");
}

if (WorkloadCommand.IsWorkloadCommand(args))
{
    var rest = new List<string>(args);
    var mode = SyncMode.None;
    var at = rest.FindIndex(a => a.StartsWith("--sync_mode", StringComparison.Ordinal) || a.StartsWith("--sync-mode", StringComparison.Ordinal));
    if (at >= 0)
    {
        var value = rest[at].Contains('=') ? rest[at][(rest[at].IndexOf('=') + 1)..] : at + 1 < rest.Count ? rest[at + 1] : "";
        rest.RemoveRange(at, rest[at].Contains('=') || at + 1 >= rest.Count ? 1 : 2);
        if (!Enum.TryParse(value, ignoreCase: true, out mode) || !Enum.IsDefined(mode))
        {
            Console.Error.WriteLine($"error: --sync_mode takes none, groupcommit or always; got '{value}'.");
            return 2;
        }
    }
    Console.WriteLine($"bitcask: SyncMode.{mode}, MaxFileSize {new BitcaskOptions().MaxFileSize / (1024 * 1024)} MiB");
    return WorkloadCommand.Run(rest, directory => BitcaskStore.Open(directory, new BitcaskOptions { SyncMode = mode }));
}
if (args.Length > 0 && args[0] == "keydir-memory")
{
    return KeyDirectoryMemory.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(StoreBenchmarks).Assembly).Run(args);
return 0;
