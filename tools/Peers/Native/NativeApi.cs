using FromScratch.Shared.KeyValue;

namespace FromScratch.Peers.Native;

/// <summary>
/// The calls <see cref="PeerStore"/> makes, in the shape LevelDB's C API (include/leveldb/c.h) gives
/// them and RocksDB's (include/rocksdb/c.h) copies with a <c>rocksdb_</c> prefix: one implementation
/// per engine forwards each to its <c>[LibraryImport]</c> declaration, so the store's logic (argument
/// checks, snapshots, iterators, error mapping) is written once.
/// <para>
/// Conventions of the C APIs, which every method keeps: a <c>ref IntPtr error</c> starts at zero
/// and is set to a <c>malloc</c>ed status text on failure, which the caller frees with
/// <see cref="Free"/> (<see cref="TakeError"/> does both); a returned value (<see cref="Get"/>) is a
/// <c>malloc</c>ed copy freed the same way, NULL when the key is absent; an iterator's key and value
/// point into the iterator and stay valid until it moves. Handles passed as <see cref="System.Runtime.InteropServices.SafeHandle"/>s
/// are kept alive for the call by the marshaller (a closed one throws <see cref="ObjectDisposedException"/>).
/// </para>
/// </summary>
internal abstract class NativeApi
{
    /// <summary>The engine's name, e.g. <c>LevelDB</c>.</summary>
    public abstract string EngineName { get; }

    /// <summary>The engine's native library.</summary>
    public abstract PeerLibrary Library { get; }

    // Database
    public abstract IntPtr Open(IntPtr options, string directory, ref IntPtr error);

    public abstract void Close(IntPtr db);

    public abstract void Put(DatabaseHandle db, IntPtr writeOptions, ReadOnlySpan<byte> key, nuint keyLength, ReadOnlySpan<byte> value, nuint valueLength, ref IntPtr error);

    public abstract void Delete(DatabaseHandle db, IntPtr writeOptions, ReadOnlySpan<byte> key, nuint keyLength, ref IntPtr error);

    public abstract void Write(DatabaseHandle db, IntPtr writeOptions, NativeObjectHandle batch, ref IntPtr error);

    public abstract IntPtr Get(DatabaseHandle db, IntPtr readOptions, ReadOnlySpan<byte> key, nuint keyLength, out nuint valueLength, ref IntPtr error);

    public abstract IntPtr PropertyValue(DatabaseHandle db, string name);

    public abstract IntPtr CreateIterator(DatabaseHandle db, IntPtr readOptions);

    public abstract IntPtr CreateSnapshot(DatabaseHandle db);

    public abstract void ReleaseSnapshot(IntPtr db, IntPtr snapshot);

    // Iterator
    public abstract void IteratorDestroy(IntPtr iterator);

    public abstract byte IteratorValid(IteratorHandle iterator);

    public abstract void IteratorSeekToFirst(IteratorHandle iterator);

    public abstract void IteratorSeekToLast(IteratorHandle iterator);

    public abstract void IteratorSeek(IteratorHandle iterator, ReadOnlySpan<byte> target, nuint targetLength);

    public abstract void IteratorNext(IteratorHandle iterator);

    public abstract void IteratorPrev(IteratorHandle iterator);

    public abstract IntPtr IteratorKey(IteratorHandle iterator, out nuint length);

    public abstract IntPtr IteratorValue(IteratorHandle iterator, out nuint length);

    public abstract void IteratorGetError(IteratorHandle iterator, ref IntPtr error);

    // Write batch: the engine's own batch holding the operations of <paramref name="batch"/>.
    public abstract IntPtr CreateWriteBatch(WriteBatch batch);

    public abstract void WriteBatchDestroy(IntPtr batch);

    // Read and write options
    public abstract IntPtr ReadOptionsCreate();

    public abstract void ReadOptionsDestroy(IntPtr options);

    public abstract void ReadOptionsSetVerifyChecksums(IntPtr options, bool value);

    public abstract void ReadOptionsSetFillCache(IntPtr options, bool value);

    public abstract void ReadOptionsSetSnapshot(IntPtr options, IntPtr snapshot);

    public abstract IntPtr WriteOptionsCreate();

    public abstract void WriteOptionsDestroy(IntPtr options);

    public abstract void WriteOptionsSetSync(IntPtr options, bool value);

    /// <summary>Frees what the library <c>malloc</c>ed for the caller (an error text, a value, a property).</summary>
    public abstract void Free(IntPtr pointer);

    /// <summary>
    /// If <paramref name="error"/> is set: reads the status text, frees it, resets
    /// <paramref name="error"/> to zero and returns the text; otherwise null.
    /// </summary>
    public string? TakeError(ref IntPtr error)
    {
        if (error == IntPtr.Zero)
        {
            return null;
        }

        var text = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(error) ?? "(no message)";
        Free(error);
        error = IntPtr.Zero;
        return text;
    }

    /// <summary>Throws the typed exception for a set <paramref name="error"/> (<see cref="NativeStatus"/>), freeing the text; does nothing when it is zero.</summary>
    public void ThrowIfError(ref IntPtr error, string directory)
    {
        if (TakeError(ref error) is { } status)
        {
            throw NativeStatus.ToException(EngineName, directory, status);
        }
    }
}
