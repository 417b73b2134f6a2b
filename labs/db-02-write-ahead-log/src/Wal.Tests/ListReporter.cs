namespace FromScratch.Wal.Tests;

/// <summary>Collects every drop the reader reports.</summary>
public sealed class ListReporter : ICorruptionReporter
{
    public List<LogCorruption> Drops { get; } = [];

    public IEnumerable<LogCorruption> Corruptions => Drops.Where(d => !d.IsTornTail);

    public void Report(LogCorruption corruption) => Drops.Add(corruption);
}
