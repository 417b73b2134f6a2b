namespace FromScratch.Memtable;

/// <summary>What <see cref="MemTable.Get(LookupKey, out ReadOnlySpan{byte})"/> found for a user key at a snapshot.</summary>
public enum MemTableGetResult
{
    /// <summary>The memtable has no entry of the key at or below the snapshot: look in older data (the immutable memtable, the tables).</summary>
    Absent,

    /// <summary>The newest entry at or below the snapshot is a value: this is the answer.</summary>
    Found,

    /// <summary>The newest entry at or below the snapshot is a deletion: the key is absent, and older data must not be consulted.</summary>
    Deleted,
}
