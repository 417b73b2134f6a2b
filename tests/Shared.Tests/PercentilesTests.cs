using CsCheck;
using FromScratch.Shared.Diagnostics;

namespace FromScratch.Shared.Tests;

public class PercentilesTests
{
    private static readonly long[] TenValues = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    [Theory]
    [Trait("Step", "07")]
    [InlineData(50, 50)]
    [InlineData(99, 100)]
    [InlineData(100, 100)]
    [InlineData(10, 10)]
    [InlineData(10.1, 20)]
    [InlineData(0.001, 10)]
    public void Nearest_rank_is_the_smallest_value_with_at_least_p_percent_at_or_below(double percent, long expected) =>
        Percentiles.Of<long>(TenValues, percent).Should().Be(expected);

    [Theory]
    [Trait("Step", "07")]
    [InlineData(1000, 999)]
    [InlineData(2000, 1998)]
    [InlineData(10000, 9990)]
    public void P99_9_of_round_sample_sizes_is_not_pushed_to_the_maximum_by_floating_point_error(int n, long expectedRank)
    {
        // 99.9 / 100 * 1000 is 999.0000000000001 in doubles; a bare ceiling returns rank 1000.
        var sample = Enumerable.Range(1, n).Select(i => (long)i).ToArray();
        Percentiles.Of<long>(sample, 99.9).Should().Be(expectedRank);
    }

    [Fact]
    [Trait("Step", "07")]
    public void A_single_sample_is_every_percentile()
    {
        long[] one = [7];
        Percentiles.Of<long>(one, 0.1).Should().Be(7);
        Percentiles.Of<long>(one, 100).Should().Be(7);
    }

    [Fact]
    [Trait("Step", "07")]
    public void Every_percentile_has_at_least_p_percent_of_the_sample_at_or_below_it_and_is_the_smallest_such_value()
    {
        Gen.Double[0.01, 100].Select(Gen.Int[1, 300].SelectMany(n => Gen.Long[0, 1000].Array[n]))
            .Sample((percent, sample) =>
            {
                Array.Sort(sample);
                var value = Percentiles.Of<long>(sample, percent);
                var atOrBelow = sample.Count(v => v <= value);
                var below = sample.Count(v => v < value);
                // p% of n, rounded to 9 decimals as Percentiles does: a rank within 1e-9 of a whole
                // number is that number (floating-point error must not move the rank).
                var share = Math.Round(percent / 100 * sample.Length, 9);
                return atOrBelow >= share && below < share;
            });
    }

    [Fact]
    [Trait("Step", "07")]
    public void An_empty_sample_or_a_percent_outside_0_to_100_is_rejected()
    {
        FluentActions.Invoking(() => Percentiles.Of(ReadOnlySpan<long>.Empty, 50)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Percentiles.Of<long>(TenValues, 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Percentiles.Of<long>(TenValues, 100.5)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Percentiles.Of<long>(TenValues, double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
