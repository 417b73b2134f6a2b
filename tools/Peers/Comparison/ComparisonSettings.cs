using System.Globalization;
using FromScratch.Shared.Workloads;

namespace FromScratch.Peers.Comparison;

/// <summary>What a comparison ran, and where: the header of its report.</summary>
/// <param name="Command">The command line that reproduces it.</param>
/// <param name="Started">When it started.</param>
/// <param name="Workloads">The workloads' names, in order.</param>
/// <param name="Workload">The workload options in words (entries, key and value sizes, threads, seed).</param>
/// <param name="Repetitions">The repetitions per engine.</param>
/// <param name="Warmup">The entries of each child's unmeasured warm-up run (0: none).</param>
/// <param name="Machine">The machine.</param>
/// <param name="Directory">The parent directory of the stores.</param>
/// <param name="LoadBefore">The load average before the first run.</param>
/// <param name="LoadAfter">The load average after the last run.</param>
public sealed record ComparisonSettings(
    string Command, DateTimeOffset Started, IReadOnlyList<string> Workloads, string Workload, int Repetitions, int Warmup,
    MachineInfo Machine, string Directory, string? LoadBefore, string? LoadAfter)
{
    /// <summary>The workload options in words, as the report's header says them.</summary>
    public static string Describe(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture,
            $"{options.Num:N0} entries, {options.KeySize}-byte keys, {options.ValueSize}-byte values (compression ratio {options.CompressionRatio}), " +
            $"{options.Threads} thread(s), batch {options.BatchSize}, {(options.Sync ? "every write synced" : "no sync (fillsync only)")}, seed {options.Seed}");
    }
}
