using FromScratch.Peers.Native;
using FromScratch.Shared.KeyValue;
using static FromScratch.Peers.LevelDb.LevelDbNative;

namespace FromScratch.Peers.LevelDb;

/// <summary><see cref="NativeApi"/> over LevelDB's C API (<see cref="LevelDbNative"/>). Stateless.</summary>
internal sealed class LevelDbApi : NativeApi
{
    private LevelDbApi()
    {
    }

    public static LevelDbApi Instance { get; } = new();

    public override string EngineName => "LevelDB";

    public override PeerLibrary Library => PeerLibrary.LevelDb;

    public override IntPtr Open(IntPtr options, string directory, ref IntPtr error) => LevelDbNative.Open(options, directory, ref error);

    public override void Close(IntPtr db) => LevelDbNative.Close(db);

    public override void Put(DatabaseHandle db, IntPtr writeOptions, ReadOnlySpan<byte> key, nuint keyLength, ReadOnlySpan<byte> value, nuint valueLength, ref IntPtr error) =>
        LevelDbNative.Put(db, writeOptions, key, keyLength, value, valueLength, ref error);

    public override void Delete(DatabaseHandle db, IntPtr writeOptions, ReadOnlySpan<byte> key, nuint keyLength, ref IntPtr error) =>
        LevelDbNative.Delete(db, writeOptions, key, keyLength, ref error);

    public override void Write(DatabaseHandle db, IntPtr writeOptions, NativeObjectHandle batch, ref IntPtr error) =>
        LevelDbNative.Write(db, writeOptions, batch, ref error);

    public override IntPtr Get(DatabaseHandle db, IntPtr readOptions, ReadOnlySpan<byte> key, nuint keyLength, out nuint valueLength, ref IntPtr error) =>
        LevelDbNative.Get(db, readOptions, key, keyLength, out valueLength, ref error);

    public override IntPtr PropertyValue(DatabaseHandle db, string name) => LevelDbNative.PropertyValue(db, name);

    public override IntPtr CreateIterator(DatabaseHandle db, IntPtr readOptions) => LevelDbNative.CreateIterator(db, readOptions);

    public override IntPtr CreateSnapshot(DatabaseHandle db) => LevelDbNative.CreateSnapshot(db);

    public override void ReleaseSnapshot(IntPtr db, IntPtr snapshot) => LevelDbNative.ReleaseSnapshot(db, snapshot);

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

    // The C API of 1.23 cannot adopt an encoded batch (it has no leveldb_writebatch_create_from), so
    // the operations are added one by one: LevelDB encodes them into the same bytes as WriteBatch.Contents.
    public override IntPtr CreateWriteBatch(WriteBatch batch)
    {
        var native = WriteBatchCreate();
        foreach (var operation in batch.Operations)
        {
            var key = operation.Key.Span;
            if (operation.Value is { } value)
            {
                WriteBatchPut(native, key, (nuint)key.Length, NativeBytes.NonNull(value.Span), (nuint)value.Length);
            }
            else
            {
                WriteBatchDelete(native, key, (nuint)key.Length);
            }
        }

        return native;
    }

    public override void WriteBatchDestroy(IntPtr batch) => LevelDbNative.WriteBatchDestroy(batch);

    public override IntPtr ReadOptionsCreate() => LevelDbNative.ReadOptionsCreate();

    public override void ReadOptionsDestroy(IntPtr options) => LevelDbNative.ReadOptionsDestroy(options);

    public override void ReadOptionsSetVerifyChecksums(IntPtr options, bool value) => LevelDbNative.ReadOptionsSetVerifyChecksums(options, value ? (byte)1 : (byte)0);

    public override void ReadOptionsSetFillCache(IntPtr options, bool value) => LevelDbNative.ReadOptionsSetFillCache(options, value ? (byte)1 : (byte)0);

    public override void ReadOptionsSetSnapshot(IntPtr options, IntPtr snapshot) => LevelDbNative.ReadOptionsSetSnapshot(options, snapshot);

    public override IntPtr WriteOptionsCreate() => LevelDbNative.WriteOptionsCreate();

    public override void WriteOptionsDestroy(IntPtr options) => LevelDbNative.WriteOptionsDestroy(options);

    public override void WriteOptionsSetSync(IntPtr options, bool value) => LevelDbNative.WriteOptionsSetSync(options, value ? (byte)1 : (byte)0);

    public override void Free(IntPtr pointer) => LevelDbNative.Free(pointer);
}
