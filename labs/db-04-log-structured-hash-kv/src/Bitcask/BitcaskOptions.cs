using FromScratch.Shared.FileSystems;

namespace FromScratch.Bitcask;

/// <summary>Options of a <see cref="BitcaskStore"/>. Immutable; validated by <see cref="BitcaskStore.Open(string, BitcaskOptions?)"/>.</summary>
public sealed record BitcaskOptions
{
    /// <summary>The file system every file operation goes through; the simulator of db-03 in crash tests.</summary>
    public IFileSystem FileSystem { get; init; } = RealFileSystem.Instance;

    /// <summary>
    /// The size at which the active data file is closed and a new one started (Bitcask's
    /// <c>max_file_size</c>; its default is 2 GiB, this one 64 MiB). A record that would take the
    /// file past it goes to a new file, so a data file exceeds it only when it holds a single record
    /// larger than the limit. Smaller files make merges finer-grained; more files mean more open
    /// handles. At least 1, at most <see cref="MaxFileSizeLimit"/>.
    /// </summary>
    public long MaxFileSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// On the real file system (<see cref="RealFileSystem"/>), read and append through memory maps
    /// (<c>MappedFile</c>): a <c>Get</c> from a data file reads the page cache directly instead of
    /// calling <c>pread</c>, and a write copies its record into a writable map of the active file
    /// instead of calling <c>pwrite</c> (<c>DataFileWriter</c>). Durability is the same either way:
    /// what a write copied into the map is in the page cache when the write returns, as after a
    /// <c>pwrite</c>; a synced write is durable when it returns. The costs: the active file is
    /// MaxFileSize long on disk while the store is open (the end is a hole, cut off when the file is
    /// closed; after a crash, recovery cuts it as a torn tail of zeros), the process's resident size
    /// counts the pages of the files it touched, and a disk read error kills the process (SIGBUS)
    /// instead of throwing. False: one <c>pread</c> per <c>Get</c> and one <c>pwrite</c> per write, as
    /// on every other file system (the simulator of db-03 has no maps).
    /// </summary>
    public bool UseMemoryMaps { get; init; } = true;

    /// <summary>
    /// On the real file system, every this many bytes of unsynced writes start an fdatasync of the
    /// active file on a thread-pool thread, which no write waits for (RocksDB's <c>bytes_per_sync</c>).
    /// Without it the rollover's fdatasync, which must finish before the next file is created, writes
    /// a whole file's dirty pages back while writes wait; with it, only the last few MiB. Durability
    /// promises do not change: more syncs only make more writes durable sooner. 0 turns it off. Default 8 MiB. Not used on other
    /// file systems (on db-03's simulator a sync on another thread would only make the crash tests
    /// depend on the scheduler).
    /// </summary>
    public long BytesPerSync { get; init; } = 8L * 1024 * 1024;

    /// <summary>Whether this store maps its files: <see cref="UseMemoryMaps"/> on <see cref="RealFileSystem"/>.</summary>
    internal bool MapsFiles => UseMemoryMaps && FileSystem is RealFileSystem;

    /// <summary>
    /// The largest <see cref="MaxFileSize"/>, 4 GiB: the key directory keeps a record's offset in 32
    /// bits (<see cref="KeyDirectory"/>), and every record starts below <see cref="MaxFileSize"/>.
    /// </summary>
    public const long MaxFileSizeLimit = 1L << 32;

    /// <summary>What writes without <c>WriteOptions.Sync</c> get; see <see cref="Bitcask.SyncMode"/>.</summary>
    public SyncMode SyncMode { get; init; } = SyncMode.None;

    /// <summary>
    /// Refuse to open a store in which a closed data file holds damage (a record that fails its
    /// checksum where no crash can tear one), throwing <see cref="Shared.IO.CorruptionException"/>,
    /// instead of skipping the bad record and listing it in <see cref="BitcaskStore.Recovery"/>
    /// (LevelDB's <c>paranoid_checks</c>). Without it the skipped record's key reads as its previous
    /// record made it (an older value, or present again if the skipped record was a tombstone), since
    /// the key of a record that fails its checksum cannot be trusted. A torn tail of the file that was being written at a
    /// crash is always repaired, whatever this says: it is the normal result of a crash.
    /// </summary>
    public bool ParanoidChecks { get; init; }
}
