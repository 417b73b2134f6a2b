using System.Diagnostics;
using System.Globalization;

namespace FromScratch.CrashHarness.Demo;

/// <summary>One progress line, rewritten in place at most ten times a second (only the last state when output is redirected).</summary>
internal sealed class ConsoleProgress : IProgress<CrashProgress>
{
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

    public void Report(CrashProgress value)
    {
        var last = value.CrashPointsDone == value.CrashPointsTotal;
        if (Console.IsOutputRedirected)
        {
            if (last)
            {
                Console.WriteLine(Line(value));
            }
            return;
        }
        if (last || _sinceLast.ElapsedMilliseconds >= 100)
        {
            Console.Write("\r" + Line(value));
            _sinceLast.Restart();
        }
        if (last)
        {
            Console.WriteLine();
        }
    }

    private static string Line(CrashProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"  {p.Workload}: crash point {p.CrashPointsDone}/{p.CrashPointsTotal}, {p.OutcomesExplored} outcomes, {p.Violations} violations, {p.Elapsed.TotalSeconds:F1} s   ");
}
