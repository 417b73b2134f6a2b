using FromScratch.Peers.LevelDb;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Peers.Tests;

/// <summary><see cref="PeerStoreTests"/> on LevelDB, and what is LevelDB's own: its defaults, and paranoid checks over a damaged log.</summary>
[Trait("Step", "00")]
[Trait("Peer", "LevelDB")]
public sealed class LevelDbStoreTests : PeerStoreTests
{
    public LevelDbStoreTests() => Assert.SkipUnless(LevelDbStore.IsAvailable, LevelDbStore.Library.UnavailableReason ?? "");

    protected override string TableExtension => ".ldb";

    // DB::GetProperty("leveldb.approximate-memory-usage") counts the block cache's charge and the memtables.
    protected override string CacheUsageProperty => "leveldb.approximate-memory-usage";

    protected override (string Name, string Contains) StatsProperty => ("leveldb.stats", "Compactions");

    // table/table_builder.cc names the filter block "filter." + the policy's name.
    protected override string BloomFilterMarker => "filter.leveldb.BuiltinBloomFilter2";

    protected override PeerStore OpenStore(string directory, TestOptions options) =>
        LevelDbStore.Open(directory, ToLevelDb(options));

    private static LevelDbOptions ToLevelDb(TestOptions options) => new()
    {
        CreateIfMissing = options.CreateIfMissing,
        ParanoidChecks = options.ParanoidChecks ?? LevelDbOptions.Default.ParanoidChecks,
        VerifyChecksums = options.VerifyChecksums ?? LevelDbOptions.Default.VerifyChecksums,
        WriteBufferSize = options.WriteBufferSize,
        BlockCacheSize = options.BlockCacheSize,
        Compression = options.Compressed ? LevelDbCompression.Snappy : LevelDbCompression.None,
        BloomFilterBitsPerKey = options.BloomFilterBitsPerKey,
    };

    [Fact]
    public void By_default_LevelDB_returns_a_flipped_bit_and_VerifyChecksums_on_the_store_reports_it()
    {
        var (store, key) = StoreWithAFlippedBitInOneValue("default", new TestOptions());

        var read = store.Get(key);

        read.Should().NotBeNull().And.HaveCount(4000);
        read.Should().NotEqual(Bytes.Value(4242, 4000),
            "LevelDB verifies data-block checksums only when asked (ReadOptions.verify_checksums = false by default): the contract's 'never return corrupt data' needs VerifyChecksums");
        store.Dispose();
        var verifying = LevelDbStore.Open(Dir("default"), new LevelDbOptions { Compression = LevelDbCompression.None, VerifyChecksums = true });
        using (verifying)
        {
            verifying.Invoking(s => s.Get(key)).Should().Throw<PeerCorruptionException>().WithMessage("LevelDB reported corruption*block checksum mismatch*");
        }
    }

    [Fact]
    public void Paranoid_checks_decide_whether_a_damaged_log_record_stops_the_open()
    {
        var directory = Dir("log");
        using (var store = LevelDbStore.Open(directory))
        {
            Fill(store, 100, 200);
        }

        // Closing leaves the writes in the log (LevelDB writes the memtable out at the next open):
        // damage a byte in the middle of it.
        var log = Directory.GetFiles(directory, "*.log").Should().ContainSingle().Subject;
        var bytes = File.ReadAllBytes(log);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(log, bytes);

        var paranoid = () => LevelDbStore.Open(directory, new LevelDbOptions { ParanoidChecks = true });
        paranoid.Should().Throw<PeerCorruptionException>("with paranoid checks the damaged record stops recovery").WithMessage("*checksum mismatch*");
        using var tolerant = LevelDbStore.Open(directory, new LevelDbOptions { ParanoidChecks = false });
        tolerant.Get(Key(0)).Should().Equal(Value(0, 200), "without paranoid checks LevelDB drops the damaged block of the log and keeps the rest");
    }

    [Fact]
    public void Options_outside_LevelDB_s_ranges_are_rejected_before_opening()
    {
        var directory = Dir("never");
        (LevelDbOptions Options, string Name)[] cases =
        [
            (new LevelDbOptions { WriteBufferSize = 1000 }, nameof(LevelDbOptions.WriteBufferSize)),
            (new LevelDbOptions { BlockSize = 100 }, nameof(LevelDbOptions.BlockSize)),
            (new LevelDbOptions { BlockCacheSize = -1 }, nameof(LevelDbOptions.BlockCacheSize)),
            (new LevelDbOptions { MaxOpenFiles = 10 }, nameof(LevelDbOptions.MaxOpenFiles)),
            (new LevelDbOptions { MaxFileSize = 1000 }, nameof(LevelDbOptions.MaxFileSize)),
            (new LevelDbOptions { Compression = (LevelDbCompression)4 }, nameof(LevelDbOptions.Compression)),
            (new LevelDbOptions { BloomFilterBitsPerKey = 0 }, nameof(LevelDbOptions.BloomFilterBitsPerKey)),
        ];

        foreach (var (options, name) in cases)
        {
            var open = () => LevelDbStore.Open(directory, options);
            open.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
        }

        Directory.Exists(directory).Should().BeFalse("nothing was opened");
    }

    [Fact]
    public void Defaults_are_LevelDB_s_and_Describe_names_each_option()
    {
        var options = LevelDbOptions.Default;

        (options.WriteBufferSize, options.BlockSize, options.BlockCacheSize, options.MaxOpenFiles, options.MaxFileSize)
            .Should().Be((4L << 20, 4096, 8L << 20, 1000, 2L << 20), "include/leveldb/options.h's defaults");
        (options.Compression, options.BloomFilterBitsPerKey, options.ParanoidChecks, options.VerifyChecksums)
            .Should().Be((LevelDbCompression.Snappy, (int?)null, false, false));
        (options with { Compression = LevelDbCompression.None, BloomFilterBitsPerKey = 10 }).Describe().Should().Be(
            "write buffer 4 MiB, block 4 KiB, block cache 8 MiB, compression none, bloom filter 10 bits/key, max open files 1000, " +
            "max file size 2 MiB, paranoid checks off, verify checksums off");
    }
}
