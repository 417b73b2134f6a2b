namespace FromScratch.Memtable;

/// <summary>
/// What an internal key records: a put or a deletion (LevelDB's <c>ValueType</c>, renamed here
/// because <c>System.ValueType</c> takes the name). The values are on disk, in the low byte of every
/// internal key's tag: do not renumber them.
/// </summary>
public enum EntryType : byte
{
    /// <summary>A deletion (a tombstone): LevelDB's <c>kTypeDeletion</c>, 0.</summary>
    Deletion = 0,

    /// <summary>A value: LevelDB's <c>kTypeValue</c>, 1. Also the type a seek key carries (<c>kValueTypeForSeek</c>), the highest type, so that it sorts before every entry of its sequence number.</summary>
    Value = 1,
}
