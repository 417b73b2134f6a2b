using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*Checksum*'; add --job short (or dry) for a quick run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
