using System.Text;
using FromScratch.Peers.RocksDb;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Peers.Tests;

/// <summary><see cref="PeerStoreTests"/> on RocksDB, and what is RocksDB's own: checksums verified by default, LZ4, its defaults.</summary>
[Trait("Step", "00")]
[Trait("Peer", "RocksDB")]
public sealed class RocksDbStoreTests : PeerStoreTests
{
    public RocksDbStoreTests() => Assert.SkipUnless(RocksDbStore.IsAvailable, RocksDbStore.Library.UnavailableReason ?? "");

    protected override string TableExtension => ".sst";

    protected override string CacheUsageProperty => "rocksdb.block-cache-usage";

    protected override (string Name, string Contains) StatsProperty => ("rocksdb.stats", "Compaction");

    protected override string BloomFilterMarker => "BuiltinBloomFilter";

    protected override PeerStore OpenStore(string directory, TestOptions options) =>
        RocksDbStore.Open(directory, ToRocksDb(options));

    private static RocksDbOptions ToRocksDb(TestOptions options) => new()
    {
        CreateIfMissing = options.CreateIfMissing,
        ParanoidChecks = options.ParanoidChecks ?? RocksDbOptions.Default.ParanoidChecks,
        VerifyChecksums = options.VerifyChecksums ?? RocksDbOptions.Default.VerifyChecksums,
        WriteBufferSize = options.WriteBufferSize,
        BlockCacheSize = options.BlockCacheSize,
        Compression = options.Compressed ? RocksDbCompression.Snappy : RocksDbCompression.None,
        BloomFilterBitsPerKey = options.BloomFilterBitsPerKey,
    };

    [Fact]
    public void By_default_RocksDB_reports_a_flipped_bit_and_without_VerifyChecksums_returns_it()
    {
        var (store, key) = StoreWithAFlippedBitInOneValue("default", new TestOptions());

        store.Invoking(s => s.Get(key)).Should().Throw<PeerCorruptionException>("RocksDB verifies block checksums by default")
            .WithMessage("RocksDB reported corruption*");
        store.Dispose();
        using var trusting = RocksDbStore.Open(Dir("default"), new RocksDbOptions { Compression = RocksDbCompression.None, VerifyChecksums = false });
        trusting.Get(key).Should().NotBeNull().And.NotEqual(Bytes.Value(4242, 4000), "with verify_checksums off the damaged value is returned");
    }

    [Theory]
    [InlineData(RocksDbCompression.None, "NoCompression")]
    [InlineData(RocksDbCompression.Snappy, "Snappy")]
    [InlineData(RocksDbCompression.Lz4, "LZ4")]
    [InlineData(RocksDbCompression.Zstd, "ZSTD")]
    public void Each_compression_is_named_in_the_table_properties(RocksDbCompression compression, string name)
    {
        var directory = Dir(compression.ToString());
        using (var store = RocksDbStore.Open(directory, new RocksDbOptions { Compression = compression }))
        {
            Fill((PeerStore)store, 200, 500, compressible: true);
        }

        using (var reopened = RocksDbStore.Open(directory, new RocksDbOptions { Compression = compression }))
        {
            reopened.Get(Key(7)).Should().Equal(Value(7, 500, compressible: true));
        }

        // The table's properties block records "rocksdb.compression" = the compression's name (in a
        // prefix-compressed block, so the key is not contiguous in the file, but the name is).
        var table = Directory.GetFiles(directory, "*.sst").Should().NotBeEmpty().And.Subject.First();
        var bytes = File.ReadAllBytes(table);
        string[] names = ["NoCompression", "Snappy", "LZ4", "ZSTD"];
        names.Where(n => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(n)) >= 0).Should().Equal([name],
            $"the table of a store opened with {compression} names that compression and no other");
    }

    [Fact]
    public void Options_out_of_range_are_rejected_before_opening()
    {
        var directory = Dir("never");
        (RocksDbOptions Options, string Name)[] cases =
        [
            (new RocksDbOptions { WriteBufferSize = 1000 }, nameof(RocksDbOptions.WriteBufferSize)),
            (new RocksDbOptions { BlockSize = 100 }, nameof(RocksDbOptions.BlockSize)),
            (new RocksDbOptions { MaxOpenFiles = 5 }, nameof(RocksDbOptions.MaxOpenFiles)),
            (new RocksDbOptions { Compression = (RocksDbCompression)2 }, nameof(RocksDbOptions.Compression)),
        ];

        foreach (var (options, name) in cases)
        {
            var open = () => RocksDbStore.Open(directory, options);
            open.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
        }

        Directory.Exists(directory).Should().BeFalse();
    }

    [Fact]
    public void Defaults_are_RocksDB_s_and_Describe_names_each_option()
    {
        var options = RocksDbOptions.Default;

        (options.WriteBufferSize, options.BlockSize, options.BlockCacheSize, options.MaxOpenFiles)
            .Should().Be((64L << 20, 4096, 8L << 20, -1), "include/rocksdb/options.h and table.h's defaults");
        (options.Compression, options.ParanoidChecks, options.VerifyChecksums).Should().Be((RocksDbCompression.Snappy, true, true));
        (options with { WriteBufferSize = 4 << 20, Compression = RocksDbCompression.None, MaxOpenFiles = 1000 }).Describe().Should().Be(
            "write buffer 4 MiB, block 4 KiB, block cache 8 MiB, compression none, no bloom filter, max open files 1000, " +
            "paranoid checks on, verify checksums on, other options RocksDB 7.8's defaults");
    }
}
