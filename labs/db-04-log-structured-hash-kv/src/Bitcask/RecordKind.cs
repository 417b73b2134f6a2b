namespace FromScratch.Bitcask;

/// <summary>What a data-file record does to its key (the <c>kind</c> byte of the record header, low 7 bits).</summary>
public enum RecordKind : byte
{
    /// <summary>Sets the key to the record's value.</summary>
    Put = 1,

    /// <summary>A tombstone: the key has no value from this record on. Carries no value bytes.</summary>
    Delete = 2,
}
