namespace FromScratch.Bitcask;

/// <summary>
/// A range of a data file that holds no valid record, found while scanning it: its records are
/// not returned, and the store reports the range in <see cref="RecoveryReport.Damage"/>.
/// </summary>
/// <param name="FilePath">The data file.</param>
/// <param name="Offset">Where the first invalid byte is (the start of the bad record).</param>
/// <param name="Length">How many bytes were skipped or cut: up to the next valid record, or to the end of the file.</param>
/// <param name="Reason">What was wrong with the record at <paramref name="Offset"/>, e.g. "checksum mismatch".</param>
/// <param name="IsTornTail">
/// True when no valid record follows in the file: the signature of a crash during an append (a
/// record cut short, or zeros where the file grew but the data never arrived). False when valid
/// records follow, which a crash alone cannot produce in a synced file: a flipped bit or a
/// misdirected write, or, in the file that was active at a crash, unsynced writes that reached
/// the disk out of order.
/// </param>
public sealed record DataFileDamage(string FilePath, long Offset, long Length, string Reason, bool IsTornTail)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{FilePath} @{Offset} +{Length}: {Reason}{(IsTornTail ? " (torn tail)" : "")}";
}
