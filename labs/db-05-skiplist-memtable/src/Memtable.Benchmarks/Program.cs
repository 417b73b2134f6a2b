using BenchmarkDotNet.Running;
using FromScratch.Memtable.Benchmarks;
using FromScratch.Peers.Comparison;

// `readers ...`      reads/s with 1, 2 and 4 lock-free readers beside one writer (ReadersExperiment.cs)
// `allocations ...`  bytes allocated per insert beyond the arena's blocks and the node chunks (AllocationReport.cs)
// anything else      BenchmarkDotNet, e.g. --filter '*FillRandom*' --job short
// `./lab bench db-05 -- readers` puts BenchmarkDotNet's defaults (--filter * --job short) in front
// of the verb; they are dropped when a verb follows them.
args = [.. LabBenchArguments.WithoutLabDefaults(args)];
if (args.Length > 0 && args[0] == ReadersExperiment.Verb)
{
    return ReadersExperiment.Run(args[1..]);
}

if (args.Length > 0 && args[0] == AllocationReport.Verb)
{
    return AllocationReport.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ReadersExperiment).Assembly).Run(args);
return 0;
