using System.Diagnostics.Metrics;

namespace FromScratch.Memtable;

/// <summary>
/// The memtable's instruments, on the meter <c>FromScratch.Memtable</c>. Watch them with
/// <c>dotnet-counters monitor --counters FromScratch.Memtable -n &lt;process&gt;</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>fromscratch.memtable.entries</c> (counter): entries added by <see cref="MemTable.Add"/>, puts and deletions.</item>
/// <item><c>fromscratch.memtable.bytes</c> (counter, By): the encoded size of those entries (varint32 key length, internal key, varint32 value length, value), the bytes they take in the arena.</item>
/// <item><c>fromscratch.memtable.arena.blocks</c> (counter): arena blocks those adds took from the pool (regular blocks and the own blocks of large entries).</item>
/// </list>
/// Every memtable in the process adds to the same instruments. Recording allocates nothing, with or
/// without a listener, so an add stays free of allocations beyond the arena's blocks and the skip
/// list's node chunks. Thread-safe (each memtable's single writer records its own adds).
/// </remarks>
public static class MemTableMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FromScratch.Memtable";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Entries = Meter.CreateCounter<long>("fromscratch.memtable.entries", unit: "{entry}", description: "Entries added to memtables (puts and deletions)");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("fromscratch.memtable.bytes", unit: "By", description: "Encoded bytes of the entries added to memtables");
    private static readonly Counter<long> ArenaBlocks = Meter.CreateCounter<long>("fromscratch.memtable.arena.blocks", unit: "{block}", description: "Arena blocks taken from the pool by memtable adds");

    /// <summary>Records one add: an entry of <paramref name="entryBytes"/> encoded bytes, which made the arena take <paramref name="newBlocks"/> blocks.</summary>
    internal static void RecordAdd(int entryBytes, int newBlocks)
    {
        Entries.Add(1);
        Bytes.Add(entryBytes);
        if (newBlocks > 0)
        {
            ArenaBlocks.Add(newBlocks);
        }
    }
}
