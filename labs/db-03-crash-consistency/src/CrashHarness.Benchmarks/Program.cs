using BenchmarkDotNet.Running;
using FromScratch.CrashHarness.Benchmarks;

// `crash-states` runs the harness over the WAL, page-file and planted-bug twin workloads and prints
// crash states checked per second; anything else goes to BenchmarkDotNet, e.g. --filter '*' --job dry.
if (args.Length > 0 && args[0] == "crash-states")
{
    return CrashStatesExperiment.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(FileSystemBenchmarks).Assembly).Run(args);
return 0;
