using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// Marks a benchmark class whose every invocation handles <c>N</c> entries (its <c>N</c> parameter):
/// a whole fill or a whole scan, too long for a constant <c>OperationsPerInvoke</c>. The columns of
/// <see cref="PerOperationConfig"/> divide its Mean and Allocated by <c>N</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class OperationsAreEntriesAttribute : Attribute
{
}

/// <summary>The config of every benchmark class here: BenchmarkDotNet's defaults plus ns/op, Mops/s and B/op.</summary>
internal sealed class PerOperationConfig : ManualConfig
{
    public PerOperationConfig()
    {
        AddColumn(new PerOperationColumn(PerOperationColumn.Kind.NanosecondsPerOperation));
        AddColumn(new PerOperationColumn(PerOperationColumn.Kind.MillionOperationsPerSecond));
        AddColumn(new PerOperationColumn(PerOperationColumn.Kind.BytesPerOperation));
    }
}

/// <summary>
/// One operation's share of a measurement: for a class marked <see cref="OperationsAreEntriesAttribute"/>
/// one entry of the <c>N</c> an invocation handles; otherwise BenchmarkDotNet's own operation (its
/// <c>OperationsPerInvoke</c> already applied).
/// </summary>
internal sealed class PerOperationColumn(PerOperationColumn.Kind kind) : IColumn
{
    public enum Kind
    {
        NanosecondsPerOperation,
        MillionOperationsPerSecond,
        BytesPerOperation,
    }

    public string Id => nameof(PerOperationColumn) + "." + kind;

    public string ColumnName => kind switch
    {
        Kind.NanosecondsPerOperation => "ns/op",
        Kind.MillionOperationsPerSecond => "Mops/s",
        _ => "B/op",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind switch
    {
        Kind.NanosecondsPerOperation => "Mean time per operation (per entry for fills and scans)",
        Kind.MillionOperationsPerSecond => "Millions of operations per second, from the mean",
        _ => "Bytes allocated per operation (per entry for fills and scans)",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var mean = report?.ResultStatistics?.Mean;
        if (report is null || mean is null)
        {
            return "-";
        }

        var operations = Operations(benchmarkCase);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        switch (kind)
        {
            case Kind.NanosecondsPerOperation:
                return (mean.Value / operations).ToString("N1", culture);
            case Kind.MillionOperationsPerSecond:
                return (operations * 1e3 / mean.Value).ToString("N2", culture);
            default:
                var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
                return bytes is null ? "-" : ((double)bytes.Value / operations).ToString("N1", culture);
        }
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static double Operations(BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.Type.GetCustomAttributes(typeof(OperationsAreEntriesAttribute), inherit: false).Length == 0)
        {
            return 1;
        }

        return Convert.ToDouble(benchmarkCase.Parameters["N"], System.Globalization.CultureInfo.InvariantCulture);
    }
}
