using System.Globalization;
using System.Text;

namespace FromScratch.Shared.Workloads;

/// <summary>
/// The results of a run and their plain-text rendering: a header in db_bench's manner (key and value
/// sizes, entries, raw size) and a table, one row per workload:
/// <code>
///   workload     |     ops |     ops/s |   MB/s | p50 µs | p99 µs | p99.9 µs | notes
///   -------------+---------+-----------+--------+--------+--------+----------+--------------------------
///   fillseq      |  100000 |    912345 |  100.6 |    0.8 |    3.1 |     25.0 |
///   readrandom   |  100000 |   1503223 |  165.8 |    0.5 |    1.9 |      8.7 | (100000 of 100000 found)
/// </code>
/// </summary>
public sealed class WorkloadReport
{
    /// <summary>The column headings of <see cref="FormatTable()"/>, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["workload", "ops", "ops/s", "MB/s", "p50 µs", "p99 µs", "p99.9 µs", "notes"];

    /// <summary>A report of <paramref name="results"/>, obtained with <paramref name="options"/> from a store of type <paramref name="storeName"/>.</summary>
    public WorkloadReport(WorkloadOptions options, string storeName, IReadOnlyList<WorkloadResult> results)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storeName);
        ArgumentNullException.ThrowIfNull(results);
        Options = options;
        StoreName = storeName;
        Results = results;
    }

    /// <summary>The options of the run.</summary>
    public WorkloadOptions Options { get; }

    /// <summary>The type name of the store measured.</summary>
    public string StoreName { get; }

    /// <summary>One result per workload, in the order they ran.</summary>
    public IReadOnlyList<WorkloadResult> Results { get; }

    /// <summary>The header: store, key and value sizes, entries, threads, sync, seed, estimated raw size.</summary>
    public string FormatHeader()
    {
        var o = Options;
        var raw = (long)(o.KeySize + o.ValueSize) * o.Num / 1048576.0;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Store:      {StoreName}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Keys:       {o.KeySize} bytes each");
        text.AppendLine(CultureInfo.InvariantCulture, $"Values:     {o.ValueSize} bytes each ({(int)(o.ValueSize * o.CompressionRatio + 0.5)} bytes after compression)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Entries:    {o.Num}");
        text.AppendLine(CultureInfo.InvariantCulture, $"RawSize:    {raw:F1} MB (estimated)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Threads:    {o.Threads}; sync: {(o.Sync ? "every write" : "no (fillsync only)")}; batch: {o.BatchSize}; seed: {o.Seed}");
        return text.ToString();
    }

    /// <summary>The table of <see cref="Results"/>.</summary>
    public string FormatTable() => FormatTable(Results.Select(r => ((string?)null, r)));

    /// <summary>
    /// One table of several reports, workload by workload, with a "store" column first: the side-by-side
    /// comparison of engines run with the same options.
    /// </summary>
    public static string FormatComparison(IReadOnlyList<WorkloadReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = reports
            .SelectMany(report => report.Results.Select((result, index) => (Index: index, Store: (string?)report.StoreName, Result: result)))
            .OrderBy(row => row.Index)
            .Select(row => (row.Store, row.Result));
        return FormatTable(rows);
    }

    /// <summary>The header and the table.</summary>
    public override string ToString() => FormatHeader() + new string('-', 48) + Environment.NewLine + FormatTable();

    private static string FormatTable(IEnumerable<(string? Store, WorkloadResult Result)> rows)
    {
        var list = rows.ToList();
        var withStore = list.Any(r => r.Store is not null);
        var header = withStore ? ["store", .. Columns] : Columns.ToList();
        var cells = list.Select(r =>
        {
            var result = r.Result;
            string[] row =
            [
                result.Name,
                Format(result.Operations, "D"),
                Format(result.OperationsPerSecond, "F0"),
                Format(result.MegabytesPerSecond, "F1"),
                Format(result.P50Micros, "F1"),
                Format(result.P99Micros, "F1"),
                Format(result.P999Micros, "F1"),
                result.Notes,
            ];
            return withStore ? [r.Store ?? "", .. row] : row;
        }).ToList();

        var widths = header.Select((h, c) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(row => row[c].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> row)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Count; c++)
            {
                var leftAligned = c == 0 || c == row.Count - 1 || (withStore && c == 1);
                line.Append(c == 0 ? "" : " | ").Append(leftAligned ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
            }

            text.AppendLine(line.ToString().TrimEnd());
        }

        Line(header);
        text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            Line(row);
        }

        return text.ToString();
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Format(long value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
