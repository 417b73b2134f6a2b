using System.Runtime.InteropServices;
using FromScratch.Peers.Native;

namespace FromScratch.Peers.LevelDb;

/// <summary>
/// LevelDB's C API (include/leveldb/c.h of LevelDB 1.23), the functions the wrapper uses, declared
/// for the source-generated P/Invoke (<c>[LibraryImport]</c>). Types as in c.h: pointers to the
/// opaque <c>leveldb_*_t</c> structs are <see cref="IntPtr"/>s or the <see cref="SafeHandle"/>s that
/// own them, <c>size_t</c> is <see cref="nuint"/>, <c>uint8_t</c> is <see cref="byte"/>,
/// <c>const char*</c> plus a length is a <see cref="ReadOnlySpan{T}"/> plus the length, and
/// <c>char** errptr</c> is <c>ref IntPtr</c> (it must start at NULL: LevelDB frees a non-NULL one
/// before it stores a new error). The library name <c>leveldb</c> is resolved to the installed file
/// by <see cref="PeerLibrary"/>.
/// </summary>
internal static partial class LevelDbNative
{
    private const string Library = "leveldb";

    static LevelDbNative() => PeerLibrary.RegisterResolver();

    [LibraryImport(Library, EntryPoint = "leveldb_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr Open(IntPtr options, string name, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_close")]
    internal static partial void Close(IntPtr db);

    [LibraryImport(Library, EntryPoint = "leveldb_put")]
    internal static partial void Put(DatabaseHandle db, IntPtr options, ReadOnlySpan<byte> key, nuint keylen, ReadOnlySpan<byte> val, nuint vallen, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_delete")]
    internal static partial void Delete(DatabaseHandle db, IntPtr options, ReadOnlySpan<byte> key, nuint keylen, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_write")]
    internal static partial void Write(DatabaseHandle db, IntPtr options, NativeObjectHandle batch, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_get")]
    internal static partial IntPtr Get(DatabaseHandle db, IntPtr options, ReadOnlySpan<byte> key, nuint keylen, out nuint vallen, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_property_value", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr PropertyValue(DatabaseHandle db, string propname);

    [LibraryImport(Library, EntryPoint = "leveldb_create_iterator")]
    internal static partial IntPtr CreateIterator(DatabaseHandle db, IntPtr options);

    [LibraryImport(Library, EntryPoint = "leveldb_create_snapshot")]
    internal static partial IntPtr CreateSnapshot(DatabaseHandle db);

    [LibraryImport(Library, EntryPoint = "leveldb_release_snapshot")]
    internal static partial void ReleaseSnapshot(IntPtr db, IntPtr snapshot);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_destroy")]
    internal static partial void IterDestroy(IntPtr iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_valid")]
    internal static partial byte IterValid(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_seek_to_first")]
    internal static partial void IterSeekToFirst(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_seek_to_last")]
    internal static partial void IterSeekToLast(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_seek")]
    internal static partial void IterSeek(IteratorHandle iterator, ReadOnlySpan<byte> k, nuint klen);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_next")]
    internal static partial void IterNext(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_prev")]
    internal static partial void IterPrev(IteratorHandle iterator);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_key")]
    internal static partial IntPtr IterKey(IteratorHandle iterator, out nuint klen);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_value")]
    internal static partial IntPtr IterValue(IteratorHandle iterator, out nuint vlen);

    [LibraryImport(Library, EntryPoint = "leveldb_iter_get_error")]
    internal static partial void IterGetError(IteratorHandle iterator, ref IntPtr errptr);

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_create")]
    internal static partial IntPtr WriteBatchCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_destroy")]
    internal static partial void WriteBatchDestroy(IntPtr batch);

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_put")]
    internal static partial void WriteBatchPut(IntPtr batch, ReadOnlySpan<byte> key, nuint klen, ReadOnlySpan<byte> val, nuint vlen);

    [LibraryImport(Library, EntryPoint = "leveldb_writebatch_delete")]
    internal static partial void WriteBatchDelete(IntPtr batch, ReadOnlySpan<byte> key, nuint klen);

    [LibraryImport(Library, EntryPoint = "leveldb_options_create")]
    internal static partial IntPtr OptionsCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_options_destroy")]
    internal static partial void OptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_create_if_missing")]
    internal static partial void OptionsSetCreateIfMissing(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_paranoid_checks")]
    internal static partial void OptionsSetParanoidChecks(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_write_buffer_size")]
    internal static partial void OptionsSetWriteBufferSize(IntPtr options, nuint size);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_max_open_files")]
    internal static partial void OptionsSetMaxOpenFiles(IntPtr options, int count);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_cache")]
    internal static partial void OptionsSetCache(IntPtr options, IntPtr cache);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_block_size")]
    internal static partial void OptionsSetBlockSize(IntPtr options, nuint size);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_max_file_size")]
    internal static partial void OptionsSetMaxFileSize(IntPtr options, nuint size);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_compression")]
    internal static partial void OptionsSetCompression(IntPtr options, int compression);

    [LibraryImport(Library, EntryPoint = "leveldb_options_set_filter_policy")]
    internal static partial void OptionsSetFilterPolicy(IntPtr options, IntPtr policy);

    [LibraryImport(Library, EntryPoint = "leveldb_filterpolicy_create_bloom")]
    internal static partial IntPtr FilterPolicyCreateBloom(int bitsPerKey);

    [LibraryImport(Library, EntryPoint = "leveldb_filterpolicy_destroy")]
    internal static partial void FilterPolicyDestroy(IntPtr policy);

    [LibraryImport(Library, EntryPoint = "leveldb_cache_create_lru")]
    internal static partial IntPtr CacheCreateLru(nuint capacity);

    [LibraryImport(Library, EntryPoint = "leveldb_cache_destroy")]
    internal static partial void CacheDestroy(IntPtr cache);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_create")]
    internal static partial IntPtr ReadOptionsCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_destroy")]
    internal static partial void ReadOptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_set_verify_checksums")]
    internal static partial void ReadOptionsSetVerifyChecksums(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_set_fill_cache")]
    internal static partial void ReadOptionsSetFillCache(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_readoptions_set_snapshot")]
    internal static partial void ReadOptionsSetSnapshot(IntPtr options, IntPtr snapshot);

    [LibraryImport(Library, EntryPoint = "leveldb_writeoptions_create")]
    internal static partial IntPtr WriteOptionsCreate();

    [LibraryImport(Library, EntryPoint = "leveldb_writeoptions_destroy")]
    internal static partial void WriteOptionsDestroy(IntPtr options);

    [LibraryImport(Library, EntryPoint = "leveldb_writeoptions_set_sync")]
    internal static partial void WriteOptionsSetSync(IntPtr options, byte value);

    [LibraryImport(Library, EntryPoint = "leveldb_free")]
    internal static partial void Free(IntPtr ptr);

    [LibraryImport(Library, EntryPoint = "leveldb_major_version")]
    internal static partial int MajorVersion();

    [LibraryImport(Library, EntryPoint = "leveldb_minor_version")]
    internal static partial int MinorVersion();
}
