using FromScratch.Peers.Native;
using FromScratch.Shared.KeyValue;
using static FromScratch.Peers.RocksDb.RocksDbNative;

namespace FromScratch.Peers.RocksDb;

/// <summary><see cref="NativeApi"/> over RocksDB's C API (<see cref="RocksDbNative"/>). Stateless.</summary>
internal sealed class RocksDbApi : NativeApi
{
    private RocksDbApi()
    {
    }

    public static RocksDbApi Instance { get; } = new();

    public override string EngineName => "RocksDB";

    public override PeerLibrary Library => PeerLibrary.RocksDb;

    public override IntPtr Open(IntPtr options, string directory, ref IntPtr error) => RocksDbNative.Open(options, directory, ref error);

    public override void Close(IntPtr db) => RocksDbNative.Close(db);

    public override void Put(DatabaseHandle db, IntPtr writeOptions, ReadOnlySpan<byte> key, nuint keyLength, ReadOnlySpan<byte> value, nuint valueLength, ref IntPtr error) =>
        RocksDbNative.Put(db, writeOptions, key, keyLength, value, valueLength, ref error);

    public override void Delete(DatabaseHandle db, IntPtr writeOptions, ReadOnlySpan<byte> key, nuint keyLength, ref IntPtr error) =>
        RocksDbNative.Delete(db, writeOptions, key, keyLength, ref error);

    public override void Write(DatabaseHandle db, IntPtr writeOptions, NativeObjectHandle batch, ref IntPtr error) =>
        RocksDbNative.Write(db, writeOptions, batch, ref error);

    public override IntPtr Get(DatabaseHandle db, IntPtr readOptions, ReadOnlySpan<byte> key, nuint keyLength, out nuint valueLength, ref IntPtr error) =>
        RocksDbNative.Get(db, readOptions, key, keyLength, out valueLength, ref error);

    public override IntPtr PropertyValue(DatabaseHandle db, string name) => RocksDbNative.PropertyValue(db, name);

    public override IntPtr CreateIterator(DatabaseHandle db, IntPtr readOptions) => RocksDbNative.CreateIterator(db, readOptions);

    public override IntPtr CreateSnapshot(DatabaseHandle db) => RocksDbNative.CreateSnapshot(db);

    public override void ReleaseSnapshot(IntPtr db, IntPtr snapshot) => RocksDbNative.ReleaseSnapshot(db, snapshot);

    public override void IteratorDestroy(IntPtr iterator) => IterDestroy(iterator);

    public override byte IteratorValid(IteratorHandle iterator) => IterValid(iterator);

    public override void IteratorSeekToFirst(IteratorHandle iterator) => IterSeekToFirst(iterator);

    public override void IteratorSeekToLast(IteratorHandle iterator) => IterSeekToLast(iterator);

    public override void IteratorSeek(IteratorHandle iterator, ReadOnlySpan<byte> target, nuint targetLength) => IterSeek(iterator, target, targetLength);

    public override void IteratorNext(IteratorHandle iterator) => IterNext(iterator);

    public override void IteratorPrev(IteratorHandle iterator) => IterPrev(iterator);

    public override IntPtr IteratorKey(IteratorHandle iterator, out nuint length) => IterKey(iterator, out length);

    public override IntPtr IteratorValue(IteratorHandle iterator, out nuint length) => IterValue(iterator, out length);

    public override void IteratorGetError(IteratorHandle iterator, ref IntPtr error) => IterGetError(iterator, ref error);

    // RocksDB's batch encoding for the default column family is LevelDB's (db/write_batch.cc of both:
    // sequence, count, then 0x01 put / 0x00 delete records), so the batch adopts WriteBatch.Contents
    // as it is, without re-encoding; RocksDB stamps the sequence number when it writes.
    public override IntPtr CreateWriteBatch(WriteBatch batch)
    {
        var contents = batch.Contents.Span;
        return WriteBatchCreateFrom(contents, (nuint)contents.Length);
    }

    public override void WriteBatchDestroy(IntPtr batch) => RocksDbNative.WriteBatchDestroy(batch);

    public override IntPtr ReadOptionsCreate() => RocksDbNative.ReadOptionsCreate();

    public override void ReadOptionsDestroy(IntPtr options) => RocksDbNative.ReadOptionsDestroy(options);

    public override void ReadOptionsSetVerifyChecksums(IntPtr options, bool value) => RocksDbNative.ReadOptionsSetVerifyChecksums(options, value ? (byte)1 : (byte)0);

    public override void ReadOptionsSetFillCache(IntPtr options, bool value) => RocksDbNative.ReadOptionsSetFillCache(options, value ? (byte)1 : (byte)0);

    public override void ReadOptionsSetSnapshot(IntPtr options, IntPtr snapshot) => RocksDbNative.ReadOptionsSetSnapshot(options, snapshot);

    public override IntPtr WriteOptionsCreate() => RocksDbNative.WriteOptionsCreate();

    public override void WriteOptionsDestroy(IntPtr options) => RocksDbNative.WriteOptionsDestroy(options);

    public override void WriteOptionsSetSync(IntPtr options, bool value) => RocksDbNative.WriteOptionsSetSync(options, value ? (byte)1 : (byte)0);

    public override void Free(IntPtr pointer) => RocksDbNative.Free(pointer);
}
