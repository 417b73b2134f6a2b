namespace FromScratch.Shared.Workloads;

/// <summary>The db_bench names of the workloads (<c>fillseq</c>, <c>readrandom</c>, ...) and their parsing.</summary>
public static class WorkloadNames
{
    private static readonly (WorkloadKind Kind, string Name)[] Names =
    [
        (WorkloadKind.FillSeq, "fillseq"),
        (WorkloadKind.FillRandom, "fillrandom"),
        (WorkloadKind.FillUniqueRandom, "filluniquerandom"),
        (WorkloadKind.FillSync, "fillsync"),
        (WorkloadKind.Overwrite, "overwrite"),
        (WorkloadKind.ReadRandom, "readrandom"),
        (WorkloadKind.ReadMissing, "readmissing"),
        (WorkloadKind.ReadSeq, "readseq"),
        (WorkloadKind.ReadReverse, "readreverse"),
        (WorkloadKind.SeekRandom, "seekrandom"),
        (WorkloadKind.DeleteSeq, "deleteseq"),
        (WorkloadKind.DeleteRandom, "deleterandom"),
    ];

    /// <summary>Every name, in the order of <see cref="WorkloadKind"/>.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The db_bench name of <paramref name="kind"/>.</summary>
    public static string NameOf(WorkloadKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (k == kind)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a workload.");
    }

    /// <summary>The workload named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No workload has that name; the message lists the names.</exception>
    public static WorkloadKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (kind, known) in Names)
        {
            if (string.Equals(known, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        throw new ArgumentException($"Unknown workload '{name}'. Known: {string.Join(", ", All)}.", nameof(name));
    }

    /// <summary>A comma-separated list, as db_bench's <c>--benchmarks=fillseq,readrandom</c>; empty items are skipped.</summary>
    /// <exception cref="ArgumentException">An item is not a workload name, or the list is empty.</exception>
    public static IReadOnlyList<WorkloadKind> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var kinds = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();
        return kinds.Count > 0 ? kinds : throw new ArgumentException("The list of workloads is empty.", nameof(list));
    }
}
