using System.Globalization;
using System.Text;

namespace FromScratch.Peers.Comparison;

/// <summary>
/// The outcome of a comparison: every engine's runs, summarised per workload as the median, the
/// range (min–max) and the ratio of the median to LevelDB's, with the found counts of the read
/// workloads (which must agree between engines: the key choices are seeded, so a difference is a
/// bug in an engine), the peak memory per engine, and everything needed to read the numbers (the
/// command, the options of each engine, the machine, the load average before and after). Rendered as
/// plain text for the console and as Markdown for docs/analysis.md:
/// <code>
///   workload   | engine  | median ops/s | min–max ops/s     | × leveldb | found
///   -----------+---------+--------------+-------------------+-----------+-------
///   fillseq    | bitcask |      512,034 | 498,001–530,112   |     0.85× |
///   fillseq    | leveldb |      601,223 | 590,010–612,540   |     1.00× |
///   readrandom | leveldb |      201,337 | 199,870–204,100   |     1.00× | 632,208
/// </code>
/// Immutable; the text is built on demand.
/// </summary>
public sealed class ComparisonReport
{
    private const string Baseline = "leveldb";

    /// <summary>Creates the report.</summary>
    /// <param name="settings">What was run and where.</param>
    /// <param name="engines">The engines that ran, in their order.</param>
    /// <param name="skipped">The engines that did not run, with the reason.</param>
    /// <param name="runs">Every run of every engine.</param>
    public ComparisonReport(ComparisonSettings settings, IReadOnlyList<PeerEngine> engines, IReadOnlyList<(string Engine, string Reason)> skipped, IReadOnlyList<EngineRun> runs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(runs);
        Settings = settings;
        Engines = engines;
        Skipped = skipped;
        Runs = runs;
    }

    /// <summary>What was run and where.</summary>
    public ComparisonSettings Settings { get; }

    /// <summary>The engines that ran.</summary>
    public IReadOnlyList<PeerEngine> Engines { get; }

    /// <summary>The engines that did not run, with the reason.</summary>
    public IReadOnlyList<(string Engine, string Reason)> Skipped { get; }

    /// <summary>Every run.</summary>
    public IReadOnlyList<EngineRun> Runs { get; }

    /// <summary>One row per workload and engine, workloads in the order they ran, engines in theirs.</summary>
    public IReadOnlyList<ComparisonRow> Rows()
    {
        var rows = new List<ComparisonRow>();
        foreach (var workload in Settings.Workloads)
        {
            var baseline = Median(Samples(Baseline, workload).Select(s => s.OperationsPerSecond).Order().ToList());
            foreach (var engine in Engines)
            {
                var samples = Samples(engine.Name, workload);
                if (samples.Count == 0)
                {
                    var unsupported = Runs.Where(r => r.Engine == engine.Name).SelectMany(r => r.Unsupported)
                        .FirstOrDefault(u => u.StartsWith(workload + ":", StringComparison.Ordinal));
                    rows.Add(new ComparisonRow(workload, engine.Name, 0, null, null, null, null, null, unsupported is null ? "no successful run" : "not supported (no key order)"));
                    continue;
                }

                var rates = samples.Select(s => s.OperationsPerSecond).Order().ToList();
                var median = Median(rates)!.Value;
                var found = samples.Select(s => s.Found).Where(f => f is not null).Select(f => f!.Value).Distinct().Order().ToList();
                rows.Add(new ComparisonRow(
                    workload,
                    engine.Name,
                    samples.Count,
                    median,
                    rates[0],
                    rates[^1],
                    baseline is > 0 ? median / baseline.Value : null,
                    found.Count == 0 ? null : found[0] == found[^1] ? Number(found[0]) : $"{Number(found[0])}–{Number(found[^1])}",
                    null));
            }
        }

        return rows;
    }

    /// <summary>Warnings about the read workloads whose found counts differ between engines (they must not: the keys drawn are the same).</summary>
    public IReadOnlyList<string> FoundMismatches()
    {
        var warnings = new List<string>();
        foreach (var workload in Settings.Workloads)
        {
            var byEngine = Engines
                .Select(e => (e.Name, Found: Samples(e.Name, workload).Select(s => s.Found).Where(f => f is not null).Select(f => f!.Value).Distinct().ToList()))
                .Where(e => e.Found.Count > 0)
                .ToList();
            if (byEngine.SelectMany(e => e.Found).Distinct().Count() > 1)
            {
                warnings.Add($"WARNING: {workload} found different numbers of keys: " +
                    string.Join(", ", byEngine.Select(e => $"{e.Name} {string.Join("/", e.Found.Select(f => Number(f)))}")) +
                    ". The keys drawn are the same for every engine, so one of them is wrong.");
            }
        }

        return warnings;
    }

    /// <summary>The report as plain text: the header, the table, the memory table.</summary>
    public string FormatText() => Format(markdown: false);

    /// <summary>The report as Markdown: the header as a list, then the two tables.</summary>
    public string FormatMarkdown() => Format(markdown: true);

    /// <inheritdoc/>
    public override string ToString() => FormatText();

    private string Format(bool markdown)
    {
        var text = new StringBuilder();
        var s = Settings;
        string Item(string label, string value) => markdown ? $"- {label}: {value}" : $"{label + ":",-10} {value}";
        if (markdown)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## Comparison: {string.Join(", ", Engines.Select(e => e.Name))}").AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"```sh\n{s.Command}\n```").AppendLine();
        }
        else
        {
            text.AppendLine(Item("Command", s.Command));
        }

        text.AppendLine(Item("Started", s.Started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        text.AppendLine(Item("Workloads", $"{string.Join(", ", s.Workloads)}; {s.Workload}"));
        text.AppendLine(Item("Runs", $"{s.Repetitions} repetitions, interleaved (each repetition runs every engine once, in the order below), " +
            "each engine's repetition in a child process of its own on fresh directories" +
            (s.Warmup > 0 ? string.Create(CultureInfo.InvariantCulture, $", after an unmeasured warm-up of the same workloads at {s.Warmup:N0} entries") : ", without warm-up")));
        text.AppendLine(Item("Machine", s.Machine.ToString()));
        text.AppendLine(Item("Directory", s.Directory));
        text.AppendLine(Item("Load", $"before {s.LoadBefore ?? "n/a"}; after {s.LoadAfter ?? "n/a"} (1, 5, 15 minutes)"));
        foreach (var engine in Engines)
        {
            text.AppendLine(Item("Engine", $"{engine.Name}: {engine.Description}"));
        }

        foreach (var (engine, reason) in Skipped)
        {
            text.AppendLine(Item("Skipped", $"{engine}: {reason}"));
        }

        foreach (var run in Runs.Where(r => r.Error is not null))
        {
            text.AppendLine(Item("Failed", $"{run.Engine}, repetition {run.Repetition}: {run.Error}"));
        }

        foreach (var warning in FoundMismatches())
        {
            text.AppendLine(markdown ? "- **" + warning + "**" : warning);
        }

        text.AppendLine();
        var baselineRan = Engines.Any(e => e.Name == Baseline);
        var ratioHeading = baselineRan ? "× leveldb" : "× leveldb (not run)";
        text.Append(Table(markdown,
            ["workload", "engine", "median ops/s", "min–max ops/s", ratioHeading, "found", "runs"],
            [.. Rows().Select(r => (string[])
            [
                r.Workload,
                r.Engine,
                r.Median is { } m ? Number(m) : "",
                r.Min is { } min ? $"{Number(min)}–{Number(r.Max!.Value)}" : r.Note ?? "",
                r.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "",
                r.Found ?? "",
                Number(r.Runs),
            ])],
            leftColumns: 2));
        text.AppendLine();
        text.AppendLine(markdown
            ? "Peak RSS is the child process's high-water mark (VmHWM): the engine plus the .NET runtime and the runner, which are the same for every engine; \"at start\" is before the first store opened."
            : "Peak RSS: the child process's high-water mark (VmHWM), engine + .NET runtime + runner (the same for every engine); at start: before the first store opened.");
        text.AppendLine();
        text.Append(Table(markdown,
            ["engine", "peak RSS MiB (max)", "peak RSS MiB (median)", "RSS at start MiB", "seconds per run (median)"],
            [.. Engines.Select(e =>
            {
                var runs = Runs.Where(r => r.Engine == e.Name && r.Error is null).ToList();
                return runs.Count == 0
                    ? (string[])[e.Name, "", "", "", ""]
                    : [
                        e.Name,
                        Mebibytes(runs.Max(r => r.PeakRssBytes)),
                        Mebibytes(Median(runs.Select(r => (double)r.PeakRssBytes).Order().ToList())!.Value),
                        Mebibytes(Median(runs.Select(r => (double)r.StartRssBytes).Order().ToList())!.Value),
                        Median(runs.Select(r => r.Seconds).Order().ToList())!.Value.ToString("0.0", CultureInfo.InvariantCulture),
                    ];
            })],
            leftColumns: 1));
        return text.ToString();
    }

    private List<WorkloadSample> Samples(string engine, string workload) =>
        [.. Runs.Where(r => r.Engine == engine && r.Error is null).SelectMany(r => r.Workloads).Where(w => w.Workload == workload)];

    /// <summary>The median of an ascending list (the mean of the middle two for an even count), or null for none.</summary>
    internal static double? Median(IReadOnlyList<double> sorted) => sorted.Count switch
    {
        0 => null,
        _ when sorted.Count % 2 == 1 => sorted[sorted.Count / 2],
        _ => (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2,
    };

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Mebibytes(double bytes) => (bytes / 1048576).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Table(bool markdown, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, int leftColumns)
    {
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var parts = cells.Select((cell, c) => c < leftColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.AppendLine(markdown ? $"| {string.Join(" | ", parts)} |" : string.Join(" | ", parts).TrimEnd());
        }

        Line(header);
        text.AppendLine(markdown
            ? "|" + string.Join("|", widths.Select((w, c) => c < leftColumns ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|"
            : string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }
}
