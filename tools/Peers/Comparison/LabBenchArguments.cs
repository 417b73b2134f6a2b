namespace FromScratch.Peers.Comparison;

/// <summary>
/// <c>./lab bench &lt;lab&gt; -- ARGS</c> runs the lab's Benchmarks project with BenchmarkDotNet's
/// defaults in front of ARGS (<c>--filter '*' --job short</c>, unless ARGS has its own --filter or
/// --job: tools/Lab/BenchCommand.cs), so <c>./lab bench db-04 -- compare --num 1000000</c> arrives
/// as <c>--filter * --job short compare --num 1000000</c>. A benchmark program calls
/// <see cref="WithoutLabDefaults"/> first, so that a verb (<c>compare</c>, <c>workload</c>) is the
/// first argument again. Pure.
/// </summary>
public static class LabBenchArguments
{
    private static readonly string[] BenchmarkDotNetFlags = ["--filter", "-f", "--job", "-j"];

    /// <summary>
    /// <paramref name="args"/> without a leading run of <c>--filter X</c> / <c>--job X</c> pairs when a
    /// verb (an argument that does not start with '-') follows them; otherwise <paramref name="args"/>
    /// unchanged (a BenchmarkDotNet run keeps its flags).
    /// </summary>
    public static IReadOnlyList<string> WithoutLabDefaults(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var at = 0;
        while (at + 1 < args.Count && BenchmarkDotNetFlags.Contains(args[at]))
        {
            at += 2;
        }

        return at > 0 && at < args.Count && !args[at].StartsWith('-') ? [.. args.Skip(at)] : args;
    }
}
