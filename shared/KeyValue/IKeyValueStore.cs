namespace FromScratch.Shared.KeyValue;

/// <summary>
/// The contract every key-value engine of the curriculum meets (db-04's Bitcask, db-07's LSM tree,
/// the B-tree, the replicated store), so that one contract test suite and one workload runner
/// (db-04's workload runner) apply to all of them.
/// <para>
/// Keys and values are arbitrary byte strings; a key is at least one byte, a value may be empty.
/// Semantics:
/// <list type="bullet">
/// <item>A read sees every write that returned before it started (read-your-writes), whether or not
/// the write was synced.</item>
/// <item>A write with <see cref="WriteOptions.Sync"/> is durable when it returns: it survives a crash
/// of the machine. A write without it may be lost by a crash, together with any later write, but
/// never partly: an engine recovers to some prefix of the sequence of writes (and every synced write
/// is inside that prefix).</item>
/// <item>A <see cref="WriteBatch"/> is atomic: after a crash all of it or none of it is visible.</item>
/// <item>Deleting a missing key is not an error.</item>
/// <item>Corrupt data is never returned: a value that fails its checksum raises
/// <see cref="IO.CorruptionException"/>.</item>
/// </list>
/// Implementations say in their type comment which members are thread-safe; the contract suite
/// requires concurrent <see cref="Get"/> calls to be safe alongside one writer.
/// </para>
/// </summary>
public interface IKeyValueStore : IDisposable
{
    /// <summary>The value stored under <paramref name="key"/>, or null if there is none.</summary>
    byte[]? Get(ReadOnlySpan<byte> key);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any earlier value.</summary>
    void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null);

    /// <summary>Removes <paramref name="key"/>; nothing happens if it is absent.</summary>
    void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null);

    /// <summary>Applies every operation of <paramref name="batch"/> atomically, in order.</summary>
    void Write(WriteBatch batch, WriteOptions? options = null);
}
