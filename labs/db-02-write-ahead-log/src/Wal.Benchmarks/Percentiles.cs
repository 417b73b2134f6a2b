namespace FromScratch.Wal.Benchmarks;

/// <summary>Nearest-rank percentiles of a sorted sample.</summary>
public static class Percentiles
{
    /// <summary>The smallest value such that at least <paramref name="percent"/>% of the sample is at or below it.</summary>
    /// <param name="sorted">The sample, in ascending order, not empty.</param>
    /// <param name="percent">0 (exclusive) to 100 (inclusive).</param>
    /// <returns>The percentile.</returns>
    public static double Of(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("The sample is empty.", nameof(sorted));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
