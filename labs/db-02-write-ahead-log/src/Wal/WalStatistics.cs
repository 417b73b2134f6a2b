namespace FromScratch.Wal;

/// <summary>Counters of one <see cref="WriteAheadLog"/> since it was opened.</summary>
/// <param name="Records">Records written.</param>
/// <param name="Bytes">Payload bytes written.</param>
/// <param name="Batches">Group-commit batches written.</param>
/// <param name="Fsyncs">Syncs issued.</param>
/// <param name="LargestBatch">The most records one batch held.</param>
public readonly record struct WalStatistics(long Records, long Bytes, long Batches, long Fsyncs, int LargestBatch)
{
    /// <summary>Mean records per batch (0 before the first batch).</summary>
    public double MeanBatchSize => Batches == 0 ? 0 : (double)Records / Batches;
}
