namespace FromScratch.Shared.Diagnostics;

/// <summary>
/// Nearest-rank percentiles of a sorted sample, the definition latency tables use: the p-th
/// percentile is the smallest sample value with at least p% of the sample at or below it. It is
/// always a value that was measured, never an interpolation between two. With n samples it is
/// the element at rank ceil(p / 100 * n), counting from 1:
/// <code>
///   sorted: 10 20 30 40 50 60 70 80 90 100     (n = 10)
///   p50 -> rank ceil(5.0)  = 5  -> 50
///   p99 -> rank ceil(9.9)  = 10 -> 100
///   p10 -> rank ceil(1.0)  = 1  -> 10
/// </code>
/// A p99 of fewer than 100 samples is therefore the maximum: report the sample size with it.
/// p / 100 * n is rounded to 9 decimal places before the ceiling, so that floating-point error
/// cannot move the rank: a product within 1e-9 of a whole number counts as that number.
/// Pure and thread-safe.
/// </summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percent"/>-th percentile of <paramref name="sorted"/>.</summary>
    /// <param name="sorted">The sample in ascending order; not empty.</param>
    /// <param name="percent">Greater than 0, at most 100.</param>
    /// <exception cref="ArgumentException"><paramref name="sorted"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not in (0, 100].</exception>
    public static T Of<T>(ReadOnlySpan<T> sorted, double percent)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("The sample is empty.", nameof(sorted));
        }

        if (!(percent > 0 && percent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is greater than 0 and at most 100.");
        }

        // Rounded before the ceiling: in doubles 99.9 / 100 * 1000 is 999.0000000000001, and a bare
        // ceiling would pick rank 1000 (the maximum) as p99.9 of 1,000 samples instead of rank 999.
        var rank = (int)Math.Ceiling(Math.Round(percent / 100 * sorted.Length, 9));
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
