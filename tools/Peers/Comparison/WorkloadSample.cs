namespace FromScratch.Peers.Comparison;

/// <summary>One workload's outcome in one run of one engine: what the comparison keeps of a <see cref="Shared.Workloads.WorkloadResult"/>.</summary>
/// <param name="Workload">The db_bench name, e.g. <c>readrandom</c>.</param>
/// <param name="Operations">Entries written, deleted or read.</param>
/// <param name="OperationsPerSecond">Over the workload's wall-clock time.</param>
/// <param name="MicrosPerOperation">db_bench's micros/op.</param>
/// <param name="P50Micros">The median latency of one store call.</param>
/// <param name="P99Micros">The 99th percentile latency of one store call.</param>
/// <param name="Found">For readrandom, readmissing and seekrandom: the reads that found their key.</param>
public sealed record WorkloadSample(string Workload, long Operations, double OperationsPerSecond, double MicrosPerOperation, double P50Micros, double P99Micros, long? Found);
