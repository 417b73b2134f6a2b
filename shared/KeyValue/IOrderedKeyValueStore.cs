namespace FromScratch.Shared.KeyValue;

/// <summary>
/// A key-value store that also keeps its keys in order (the LSM tree, the B-tree; not Bitcask, whose
/// hash index has no order): range scans in ascending unsigned-byte order of keys, the order of
/// LevelDB's default <c>BytewiseComparator</c>.
/// </summary>
public interface IOrderedKeyValueStore : IKeyValueStore
{
    /// <summary>
    /// The entries with <paramref name="start"/> &lt;= key &lt; <paramref name="end"/>, in ascending
    /// key order; an empty <paramref name="end"/> means "to the last key". The scan sees every write
    /// that returned before it started; whether it sees writes made during the scan is up to the engine.
    /// </summary>
    IEnumerable<KeyValuePair<byte[], byte[]>> Scan(ReadOnlyMemory<byte> start, ReadOnlyMemory<byte> end);
}
