namespace FromScratch.Peers.RocksDb;

/// <summary>How RocksDB compresses its table blocks (include/rocksdb/c.h: <c>rocksdb_no_compression</c>, ...; the values are c.h's). The library must be built with the algorithm: Debian's is built with all of them.</summary>
public enum RocksDbCompression
{
    /// <summary>Blocks stored as they are.</summary>
    None = 0,

    /// <summary>Snappy, RocksDB's default when it is linked.</summary>
    Snappy = 1,

    /// <summary>LZ4: faster to decompress than Snappy at a similar ratio.</summary>
    Lz4 = 4,

    /// <summary>Zstandard: smaller files, more CPU.</summary>
    Zstd = 7,
}
