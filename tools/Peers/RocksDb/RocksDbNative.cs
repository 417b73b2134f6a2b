using System.Runtime.InteropServices;
using FromScratch.Peers.Native;

namespace FromScratch.Peers.RocksDb;

/// <summary>
/// RocksDB's C API (include/rocksdb/c.h of RocksDB 7.8), the functions the wrapper uses: the same
/// shapes as LevelDB's C API with a <c>rocksdb_</c> prefix (see <see cref="LevelDb.LevelDbNative"/>
/// for how the C types map), plus the block-based table options, where RocksDB keeps the block
/// size, the block cache and the filter policy that LevelDB keeps in its options. The library name
/// <c>rocksdb</c> is resolved to the installed file by <see cref="PeerLibrary"/>.
/// </summary>
internal static partial class RocksDbNative
{
    private const string Library = "rocksdb";

    static RocksDbNative() => PeerLibrary.RegisterResolver();

    [LibraryImport(Library, EntryPoint = "rocksdb_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr Open(IntPtr options, string name, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "rocksdb_close")]
    internal static partial void Close(IntPtr db);

    [LibraryImport(Library, EntryPoint = "rocksdb_put")]
    internal static partial void Put(DatabaseHandle db, IntPtr options, ReadOnlySpan<byte> key, nuint keylen, ReadOnlySpan<byte> val, nuint vallen, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "rocksdb_delete")]
    internal static partial void Delete(DatabaseHandle db, IntPtr options, ReadOnlySpan<byte> key, nuint keylen, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "rocksdb_write")]
    internal static partial void Write(DatabaseHandle db, IntPtr options, NativeObjectHandle batch, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "rocksdb_get")]
    internal static partial IntPtr Get(DatabaseHandle db, IntPtr options, ReadOnlySpan<byte> key, nuint keylen, out nuint vallen, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "rocksdb_property_value", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr PropertyValue(DatabaseHandle db, string propname);

    [LibraryImport(Library, EntryPoint = "rocksdb_create_iterator")]
    internal static partial IntPtr CreateIterator(DatabaseHandle db, IntPtr options);

    [LibraryImport(Library, EntryPoint = "rocksdb_create_snapshot")]
    internal static partial IntPtr CreateSnapshot(DatabaseHandle db);

    [LibraryImport(Library, EntryPoint = "rocksdb_release_snapshot")]
    internal static partial void ReleaseSnapshot(IntPtr db, IntPtr snapshot);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_destroy")]
    internal static partial void IterDestroy(IntPtr iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_valid")]
    internal static partial byte IterValid(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_seek_to_first")]
    internal static partial void IterSeekToFirst(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_seek_to_last")]
    internal static partial void IterSeekToLast(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_seek")]
    internal static partial void IterSeek(IteratorHandle iterator, ReadOnlySpan<byte> k, nuint klen);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_next")]
    internal static partial void IterNext(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_prev")]
    internal static partial void IterPrev(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_key")]
    internal static partial IntPtr IterKey(IteratorHandle iterator, out nuint klen);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_value")]
    internal static partial IntPtr IterValue(IteratorHandle iterator, out nuint vlen);

    [LibraryImport(Library, EntryPoint = "rocksdb_iter_get_error")]
    internal static partial void IterGetError(IteratorHandle iterator, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_destroy")]
    internal static partial void WriteBatchDestroy(IntPtr batch);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_create")]
    internal static partial IntPtr OptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_options_destroy")]
    internal static partial void OptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_create_if_missing")]
    internal static partial void OptionsSetCreateIfMissing(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_paranoid_checks")]
    internal static partial void OptionsSetParanoidChecks(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_write_buffer_size")]
    internal static partial void OptionsSetWriteBufferSize(IntPtr options, nuint size);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_max_open_files")]
    internal static partial void OptionsSetMaxOpenFiles(IntPtr options, int count);

    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_compression")]
    internal static partial void OptionsSetCompression(IntPtr options, int compression);

    [LibraryImport(Library, EntryPoint = "rocksdb_cache_create_lru")]
    internal static partial IntPtr CacheCreateLru(nuint capacity);

    [LibraryImport(Library, EntryPoint = "rocksdb_cache_destroy")]
    internal static partial void CacheDestroy(IntPtr cache);

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_create")]
    internal static partial IntPtr ReadOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_destroy")]
    internal static partial void ReadOptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_set_verify_checksums")]
    internal static partial void ReadOptionsSetVerifyChecksums(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_set_fill_cache")]
    internal static partial void ReadOptionsSetFillCache(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_readoptions_set_snapshot")]
    internal static partial void ReadOptionsSetSnapshot(IntPtr options, IntPtr snapshot);

    [LibraryImport(Library, EntryPoint = "rocksdb_writeoptions_create")]
    internal static partial IntPtr WriteOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_writeoptions_destroy")]
    internal static partial void WriteOptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "rocksdb_writeoptions_set_sync")]
    internal static partial void WriteOptionsSetSync(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "rocksdb_free")]
    internal static partial void Free(IntPtr ptr);
    [LibraryImport(Library, EntryPoint = "rocksdb_writebatch_create_from")]
    internal static partial IntPtr WriteBatchCreateFrom(ReadOnlySpan<byte> rep, nuint size);

    [LibraryImport(Library, EntryPoint = "rocksdb_filterpolicy_create_bloom")]
    internal static partial IntPtr FilterPolicyCreateBloom(double bitsPerKey);

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_create")]
    internal static partial IntPtr BlockBasedOptionsCreate();

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_destroy")]
    internal static partial void BlockBasedOptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_set_block_size")]
    internal static partial void BlockBasedOptionsSetBlockSize(IntPtr options, nuint blockSize);

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_set_block_cache")]
    internal static partial void BlockBasedOptionsSetBlockCache(IntPtr options, IntPtr cache);

    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_set_no_block_cache")]
    internal static partial void BlockBasedOptionsSetNoBlockCache(IntPtr options, byte value);

    // Takes ownership of the policy: it is destroyed with the table options (options->rep.filter_policy.reset(policy)).
    [LibraryImport(Library, EntryPoint = "rocksdb_block_based_options_set_filter_policy")]
    internal static partial void BlockBasedOptionsSetFilterPolicy(IntPtr options, IntPtr policy);

    // Copies the table options into a new table factory: the caller still destroys its own.
    [LibraryImport(Library, EntryPoint = "rocksdb_options_set_block_based_table_factory")]
    internal static partial void OptionsSetBlockBasedTableFactory(IntPtr options, IntPtr tableOptions);
}
