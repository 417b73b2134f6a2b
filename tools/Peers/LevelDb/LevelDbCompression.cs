namespace FromScratch.Peers.LevelDb;

/// <summary>How LevelDB compresses its table blocks (include/leveldb/c.h: <c>leveldb_no_compression</c>, <c>leveldb_snappy_compression</c>; the values are c.h's).</summary>
public enum LevelDbCompression
{
    /// <summary>Blocks stored as they are.</summary>
    None = 0,

    /// <summary>Snappy, LevelDB's default (a block that does not shrink by at least 1/8 is stored uncompressed).</summary>
    Snappy = 1,
}
