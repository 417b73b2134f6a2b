namespace FromScratch.Lab;

/// <summary>One lab of the curriculum: its folder name, title and phase.</summary>
/// <param name="Id">The folder name under labs/, e.g. <c>db-02-write-ahead-log</c>.</param>
/// <param name="Title">The title as PHASES.md shows it.</param>
/// <param name="Phase">1..5.</param>
public sealed record LabInfo(string Id, string Title, int Phase)
{
    /// <summary>The short name, <c>db-02</c>.</summary>
    public string ShortId => Id[..5];

    /// <summary>The lab's number, 1..23.</summary>
    public int Number => int.Parse(Id.AsSpan(3, 2), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The 23 labs, in order. This is the single list the `lab` command and the conformance tests use;
/// PHASES.md must agree with it (a conformance test checks that it does).
/// </summary>
public static class Catalog
{
    /// <summary>The phases, 1..5, with their titles.</summary>
    public static IReadOnlyList<(int Number, string Title)> Phases { get; } =
    [
        (1, "Storage primitives and foundations"),
        (2, "LevelDB / LSM-tree"),
        (3, "SQLite / B-tree"),
        (4, "Consensus"),
        (5, "Advanced storage and capstone"),
    ];

    /// <summary>Every lab, in curriculum order.</summary>
    public static IReadOnlyList<LabInfo> Labs { get; } =
    [
        new("db-01-storage-primitives", "Storage primitives", 1),
        new("db-02-write-ahead-log", "Write-ahead log", 1),
        new("db-03-crash-consistency", "Crash consistency", 1),
        new("db-04-log-structured-hash-kv", "Log-structured hash KV store", 1),
        new("db-05-skiplist-memtable", "Skip list and memtable", 2),
        new("db-06-sstable", "SSTable", 2),
        new("db-07-lsm-engine", "LSM engine", 2),
        new("db-08-compaction", "Compaction", 2),
        new("db-09-read-path-and-caching", "Read path and caching", 2),
        new("db-10-pager", "Pager", 3),
        new("db-11-btree", "B-tree", 3),
        new("db-12-journal-and-wal", "Rollback journal and WAL mode", 3),
        new("db-13-sql-parser", "SQL parser", 3),
        new("db-14-bytecode-vm", "Bytecode VM", 3),
        new("db-15-mvcc-transactions", "MVCC transactions", 3),
        new("db-16-distributed-foundations", "Distributed foundations", 4),
        new("db-17-raft-core", "Raft core", 4),
        new("db-18-raft-snapshots-and-membership", "Raft snapshots and membership", 4),
        new("db-19-paxos", "Paxos", 4),
        new("db-20-zab", "ZAB", 4),
        new("db-21-advanced-storage", "Advanced storage", 5),
        new("db-22-replicated-kv", "Replicated KV store", 5),
        new("db-23-distributed-sql", "Distributed SQL", 5),
    ];

    /// <summary>
    /// Finds a lab by its full id (<c>db-02-write-ahead-log</c>), short id (<c>db-02</c>) or
    /// number (<c>2</c>, <c>02</c>). Returns null when nothing matches.
    /// </summary>
    public static LabInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim().TrimEnd('/', '\\');
        if (n.StartsWith("labs/", StringComparison.Ordinal) || n.StartsWith("labs\\", StringComparison.Ordinal))
        {
            n = n[5..];
        }

        if (int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return Labs.FirstOrDefault(l => l.Number == number);
        }

        return Labs.FirstOrDefault(l => l.Id.Equals(n, StringComparison.OrdinalIgnoreCase)
                                        || l.ShortId.Equals(n, StringComparison.OrdinalIgnoreCase));
    }
}
