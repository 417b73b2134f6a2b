using BenchmarkDotNet.Running;
using FromScratch.CrashHarness.Benchmarks;

// `crash-scaling` times exhaustive runs of a growing workload; `crash-states` runs the harness over the WAL, page-file and planted-bug twin workloads and prints
// crash states checked per second; anything else goes to BenchmarkDotNet, e.g. --filter '*' --job dry.
if (args.Length > 0 && args[0] == "crash-states")
{
    return CrashStatesExperiment.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "crash-scaling")
{
    return CrashScalingExperiment.Run(args[1..]);
}
if (args.Length > 0 && args[0] is "--help" or "-h" or "-?")
{
    Console.WriteLine("CrashHarness.Benchmarks: two modes.");
    Console.WriteLine("  crash-states [--outcomes N] [--model pessimistic|ext4] [--seed N]");
    Console.WriteLine("      run the crash-point harness over the shipped workloads; print crash states checked per second");
    Console.WriteLine("  crash-scaling [--records 200,400,800,1600]");
    Console.WriteLine("      time exhaustive runs of a growing workload: the N^2/2 cost of replaying to every crash point");
    Console.WriteLine("  anything else: BenchmarkDotNet (simulated vs real file system), e.g. --filter '*' --job dry; its options follow.");
    Console.WriteLine();
}
BenchmarkSwitcher.FromAssembly(typeof(FileSystemBenchmarks).Assembly).Run(args);
return 0;
