namespace FromScratch.Bitcask;

/// <summary>A snapshot of one store's state and counters (<see cref="BitcaskStore.Statistics"/>).</summary>
/// <param name="Keys">Live keys: entries in the key directory.</param>
/// <param name="DataFiles">Data files, the active one included.</param>
/// <param name="ActiveFileId">The number of the file being appended to.</param>
/// <param name="TotalBytes">Bytes in all data files.</param>
/// <param name="LiveBytes">Bytes of the records the key directory points at: what a merge would keep.</param>
/// <param name="RecordsWritten">Records appended since the store was opened (puts and tombstones, merge copies excluded).</param>
/// <param name="BytesWritten">Bytes of those records.</param>
/// <param name="Fsyncs">Syncs of data files since open (for writes and rollovers; merge's own syncs excluded).</param>
/// <param name="Merges">Merges completed since open.</param>
/// <param name="BytesReclaimed">Data-file bytes those merges freed (inputs' size minus outputs' size).</param>
/// <param name="MappedDataFiles">Data files that reads find through a memory map (closed files on the real file system; see <c>MappedFile</c>) instead of a positional read.</param>
public sealed record BitcaskStatistics(
    int Keys,
    int DataFiles,
    int ActiveFileId,
    long TotalBytes,
    long LiveBytes,
    long RecordsWritten,
    long BytesWritten,
    long Fsyncs,
    long Merges,
    long BytesReclaimed,
    int MappedDataFiles)
{
    /// <summary>Bytes of overwritten values, tombstones and deleted values: garbage a merge would drop.</summary>
    public long DeadBytes => TotalBytes - LiveBytes;

    /// <summary>The share of the data files that is garbage, 0 to 1 (0 for an empty store).</summary>
    public double DeadFraction => TotalBytes == 0 ? 0 : (double)DeadBytes / TotalBytes;
}
