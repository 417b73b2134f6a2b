namespace FromScratch.Bitcask.Demo;

/// <summary>Prints a store's statistics as a small table.</summary>
internal static class Stats
{
    public static void Print(TextWriter output, string title, BitcaskStatistics s)
    {
        output.WriteLine($"  {title}");
        output.WriteLine($"    keys {s.Keys:N0}   data files {s.DataFiles} (active {s.ActiveFileId:D6}.data)");
        output.WriteLine($"    total {s.TotalBytes:N0} B = live {s.LiveBytes:N0} B + dead {s.DeadBytes:N0} B ({s.DeadFraction:P0} garbage)");
        output.WriteLine($"    since open: {s.RecordsWritten:N0} records written ({s.BytesWritten:N0} B), {s.Fsyncs:N0} fsyncs, {s.Merges} merges reclaiming {s.BytesReclaimed:N0} B");
    }

    public static void Print(TextWriter output, RecoveryReport r)
    {
        output.WriteLine($"  recovery: {r.FilesScanned} data file(s) scanned, {r.FilesFromHints} loaded from hints, {r.TruncatedBytes:N0} B of torn tail cut");
        foreach (var damage in r.Damage)
        {
            output.WriteLine($"    damage: {damage}");
        }
        foreach (var hint in r.RejectedHints)
        {
            output.WriteLine($"    rejected hint: {hint}");
        }
        if (r.CompletedMerge)
        {
            output.WriteLine("    finished a merge that had committed before the crash");
        }
        if (r.DiscardedMergeFiles.Count > 0)
        {
            output.WriteLine($"    discarded the files of an uncommitted merge: {string.Join(", ", r.DiscardedMergeFiles)}");
        }
    }
}
