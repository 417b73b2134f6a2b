namespace FromScratch.Peers.Comparison;

/// <summary>
/// One repetition of one engine: the workload sequence run in a child process on a fresh directory,
/// and what the child measured of itself. The child writes it as JSON; the parent reads it back.
/// </summary>
public sealed record EngineRun
{
    /// <summary>The engine's short name.</summary>
    public required string Engine { get; init; }

    /// <summary>The repetition, from 1.</summary>
    public required int Repetition { get; init; }

    /// <summary>The workloads' outcomes, in the order they ran.</summary>
    public IReadOnlyList<WorkloadSample> Workloads { get; init; } = [];

    /// <summary>The workloads the engine cannot run (readseq, readreverse and seekrandom on an engine without key order), with the reason.</summary>
    public IReadOnlyList<string> Unsupported { get; init; } = [];

    /// <summary>
    /// The child process's peak resident set size (the high-water mark, VmHWM on Linux) in bytes: the
    /// engine's memory plus the .NET runtime and the runner's own arrays, which are the same for every
    /// engine. 0 where the platform does not report it.
    /// </summary>
    public long PeakRssBytes { get; init; }

    /// <summary>The child's resident set size before it opened a store: the runtime's share of <see cref="PeakRssBytes"/>.</summary>
    public long StartRssBytes { get; init; }

    /// <summary>The child's wall-clock time, start-up included.</summary>
    public double Seconds { get; init; }

    /// <summary>Why the run failed (the child's error, or its exit code and last output), or null.</summary>
    public string? Error { get; init; }
}
