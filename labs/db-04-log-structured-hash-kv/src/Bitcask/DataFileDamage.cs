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
/// True when the damage is the ordinary result of a crash during appends, and was cut off: damage
/// in the file that was being appended to (a record cut short, zeros where the file grew but the
/// data never arrived, or a hole left by unsynced writes that reached the disk out of order, which
/// may leave valid records after it; recovery drops those too, see <c>StoreLoader</c>). When a
/// <see cref="DataFileReader.Scan"/> reports it: no valid record follows in the file. False for
/// damage a crash cannot produce: a record that fails its checksum in a closed (synced) file, a
/// flipped bit or a misdirected write.
/// </param>
public sealed record DataFileDamage(string FilePath, long Offset, long Length, string Reason, bool IsTornTail)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{FilePath} @{Offset} +{Length}: {Reason}{(IsTornTail ? " (torn tail)" : "")}";
}
