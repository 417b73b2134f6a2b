namespace FromScratch.Peers.Comparison;

/// <summary>One line of the comparison table: a workload on an engine over its runs.</summary>
/// <param name="Workload">The workload's db_bench name.</param>
/// <param name="Engine">The engine's short name.</param>
/// <param name="Runs">The successful runs that had the workload.</param>
/// <param name="Median">The median ops/s, or null when none ran.</param>
/// <param name="Min">The lowest ops/s.</param>
/// <param name="Max">The highest ops/s.</param>
/// <param name="Ratio">The median over LevelDB's median (above 1: faster than LevelDB), or null without LevelDB.</param>
/// <param name="Found">The found count of a read workload ("632,208", or a range if runs differ), or null.</param>
/// <param name="Note">Why there is no number ("not supported (no key order)").</param>
public sealed record ComparisonRow(string Workload, string Engine, int Runs, double? Median, double? Min, double? Max, double? Ratio, string? Found, string? Note);
