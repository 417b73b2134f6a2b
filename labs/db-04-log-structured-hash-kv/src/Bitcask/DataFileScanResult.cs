namespace FromScratch.Bitcask;

/// <summary>What <see cref="DataFileReader.Scan"/> found.</summary>
/// <param name="Records">The valid records, in file order.</param>
/// <param name="ValidLength">The end of the last valid record before the first damage (the whole file when there is none): the longest prefix of whole, valid records.</param>
/// <param name="Damage">The invalid ranges, in file order; empty for an intact file.</param>
public sealed record DataFileScanResult(IReadOnlyList<DataRecord> Records, long ValidLength, IReadOnlyList<DataFileDamage> Damage);
