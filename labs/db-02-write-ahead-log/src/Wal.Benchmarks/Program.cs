using BenchmarkDotNet.Running;
using FromScratch.Wal.Benchmarks;

// `group-commit` runs the group-commit experiment (a table of commits/s and latency by writer
// count); anything else goes to BenchmarkDotNet, e.g. --filter '*LogWriter*' --job dry.
if (args.Length > 0 && args[0] == "group-commit")
{
    return await GroupCommitExperiment.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(GroupCommitExperiment).Assembly).Run(args);
return 0;
