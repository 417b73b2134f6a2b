namespace FromScratch.Bitcask;

/// <summary>What <see cref="BitcaskStore.Open(string, BitcaskOptions?)"/> found and repaired (<see cref="BitcaskStore.Recovery"/>).</summary>
/// <param name="FilesFromHints">Data files whose keys were loaded from their hint file, without reading the data.</param>
/// <param name="FilesScanned">Data files read record by record (no hint, or a hint that failed its checksum).</param>
/// <param name="RejectedHints">Hint files that failed their checks (their data files were scanned instead), with the reason.</param>
/// <param name="Damage">Invalid ranges of data files; their records were not loaded. A torn tail of the last file is here too (and was cut off).</param>
/// <param name="TruncatedBytes">Bytes cut from the end of the last data file (a torn tail, or an incomplete batch), so that new records follow the valid prefix.</param>
/// <param name="CompletedMerge">True when a merge had committed before the crash but not finished its switch-over; recovery finished it.</param>
/// <param name="DiscardedMergeFiles">Files of a merge that had not committed (and its leftovers), deleted.</param>
public sealed record RecoveryReport(
    int FilesFromHints,
    int FilesScanned,
    IReadOnlyList<string> RejectedHints,
    IReadOnlyList<DataFileDamage> Damage,
    long TruncatedBytes,
    bool CompletedMerge,
    IReadOnlyList<string> DiscardedMergeFiles)
{
    /// <summary>Whether recovery found anything wrong beyond an ordinary torn tail.</summary>
    public bool FoundCorruption => RejectedHints.Count > 0 || Damage.Any(d => !d.IsTornTail);
}
