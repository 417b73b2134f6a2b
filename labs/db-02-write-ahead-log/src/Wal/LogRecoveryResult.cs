namespace FromScratch.Wal;

/// <summary>What <see cref="LogRecovery.Recover(string, ICorruptionReporter?)"/> found and did.</summary>
/// <param name="Records">How many intact records the log holds.</param>
/// <param name="ValidLength">The offset just past the last intact record: the log's length after recovery.</param>
/// <param name="TruncatedBytes">How many bytes after <paramref name="ValidLength"/> were cut off: a torn tail, or everything from the first damage on (intact records after it included).</param>
/// <param name="Corruptions">Every drop the reader reported, torn tail included, in file order; then, if intact records after the first damage were cut, one entry counting them.</param>
public sealed record LogRecoveryResult(long Records, long ValidLength, long TruncatedBytes, IReadOnlyList<LogCorruption> Corruptions);
