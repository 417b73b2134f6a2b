namespace FromScratch.Wal;

/// <summary>
/// Receives every drop <see cref="LogReader"/> makes (LevelDB <c>log::Reader::Reporter</c>).
/// A reporter may throw to stop reading, for example to refuse to recover a damaged log.
/// </summary>
public interface ICorruptionReporter
{
    /// <summary>Called once for each dropped stretch of the log, in file order.</summary>
    /// <param name="corruption">Where, how many bytes, and why.</param>
    void Report(LogCorruption corruption);
}
