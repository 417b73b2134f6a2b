namespace FromScratch.Wal;

/// <summary>
/// One stretch of a log that <see cref="LogReader"/> dropped: where it starts, how many bytes,
/// and why. A reader never returns a dropped byte as data.
/// </summary>
/// <param name="Offset">File offset of the first dropped byte: the header of the damaged physical
/// record, or of the first fragment of a logical record that could not be completed.</param>
/// <param name="BytesDropped">How many bytes were dropped, counted as LevelDB counts them: the rest
/// of the block for a bad length or checksum; the fragment's payload for an orphaned MIDDLE or
/// LAST or an unknown type; the payload gathered so far for a fragmented record that lost its end.
/// For a torn tail: the bytes from the torn record's first header to the end of the file.</param>
/// <param name="Reason">A short reason such as "checksum mismatch" or "bad record length".</param>
/// <param name="IsTornTail">True when the drop is an incomplete record at the very end of the file:
/// what a crash in the middle of an append leaves behind, not damage to acknowledged data. LevelDB
/// drops such a tail silently (a file that ends inside a header, a payload or a fragmented record);
/// this reader reports it, flagged, so that no loss goes unseen.</param>
public readonly record struct LogCorruption(long Offset, long BytesDropped, string Reason, bool IsTornTail)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsTornTail ? "torn tail" : "corruption")} at offset {Offset}: {BytesDropped} bytes dropped, {Reason}";
}
