using System.Globalization;

namespace FromScratch.CrashHarness.Workloads.Tests;

/// <summary>Prints every n-th crash point's progress (and the last) to the test output, synchronously.</summary>
internal sealed class HarnessProgressPrinter(ITestOutputHelper output, int every) : IProgress<CrashProgress>
{
    public void Report(CrashProgress value)
    {
        if (value.CrashPointsDone % every == 0 || value.CrashPointsDone == value.CrashPointsTotal)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{value.Workload}] crash point {value.CrashPointsDone}/{value.CrashPointsTotal}, {value.OutcomesExplored} outcomes, {value.Violations} violations, {value.Elapsed.TotalSeconds:F1} s"));
        }
    }
}
