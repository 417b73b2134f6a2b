using System.Globalization;
using System.Text;
using FromScratch.Shared.IO;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Peers.Tests;

/// <summary>
/// What the wrappers add to the engines, for both engines (<see cref="LevelDbStoreTests"/>,
/// <see cref="RocksDbStoreTests"/>): each option has an effect one can see in the files or the
/// engine's properties, the engines' errors arrive typed, and misuse of iterators, snapshots and
/// disposed stores throws instead of crashing the process. Skipped when the engine is not installed.
/// </summary>
public abstract class PeerStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("peer-store");
    private readonly List<PeerStore> _opened = [];

    /// <summary>The options the tests vary, mapped to each engine's own options record.</summary>
    protected sealed record TestOptions
    {
        public bool CreateIfMissing { get; init; } = true;

        public bool? ParanoidChecks { get; init; }

        public bool? VerifyChecksums { get; init; }

        public long WriteBufferSize { get; init; } = 4 << 20;

        public long BlockCacheSize { get; init; } = 8 << 20;

        public bool Compressed { get; init; }

        public int? BloomFilterBitsPerKey { get; init; }
    }

    /// <summary>Opens the engine's store in <paramref name="directory"/>.</summary>
    protected abstract PeerStore OpenStore(string directory, TestOptions options);

    /// <summary>The extension of the engine's table files.</summary>
    protected abstract string TableExtension { get; }

    /// <summary>A property whose value grows with what the block cache holds.</summary>
    protected abstract string CacheUsageProperty { get; }

    /// <summary>A property every store answers, and a word its value contains.</summary>
    protected abstract (string Name, string Contains) StatsProperty { get; }

    /// <summary>Bytes that appear in a table file exactly when it has a Bloom filter.</summary>
    protected abstract string BloomFilterMarker { get; }

    protected string Dir(string name) => Path.Combine(_temp.PathName, name);

    protected PeerStore Open(string name, TestOptions? options = null)
    {
        var store = OpenStore(Dir(name), options ?? new TestOptions());
        _opened.Add(store);
        return store;
    }

    /// <summary>Puts <paramref name="count"/> entries of <paramref name="valueSize"/> bytes (keys "key000000"...), values as <see cref="Value"/>.</summary>
    protected static void Fill(PeerStore store, int count, int valueSize, bool compressible = false)
    {
        for (var i = 0; i < count; i++)
        {
            store.Put(Key(i), Value(i, valueSize, compressible));
        }
    }

    protected static byte[] Key(int i) => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"key{i:D6}"));

    /// <summary>A value that starts with its index; random bytes, or one repeated letter when compressible.</summary>
    protected static byte[] Value(int i, int size, bool compressible = false)
    {
        var value = compressible ? Enumerable.Repeat((byte)('a' + (i % 26)), size).ToArray() : Bytes.Value(i, size);
        BitConverter.TryWriteBytes(value.AsSpan(0, 4), i);
        return value;
    }

    /// <summary>The sizes of the table files in <paramref name="name"/>'s directory.</summary>
    protected long[] TableSizes(string name) =>
        [.. Directory.GetFiles(Dir(name), "*" + TableExtension).Select(f => new FileInfo(f).Length)];

    /// <summary>Disposes and reopens the store, twice, so that what the memtable held is written to tables (the engines write their logs into a table when they recover them).</summary>
    protected PeerStore FlushByReopening(PeerStore store, string name, TestOptions options)
    {
        store.Dispose();
        Open(name, options).Dispose();
        return Open(name, options);
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        _temp.Dispose();
        GC.SuppressFinalize(this);
    }

    // ---------------------------------------------------------------------------------------------
    // Options, each seen in its effect
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void Write_buffer_size_decides_when_the_memtable_becomes_a_table()
    {
        var small = Open("small", new TestOptions { WriteBufferSize = 64 << 10 });
        var large = Open("large", new TestOptions { WriteBufferSize = 64 << 20 });

        Fill(small, 1000, 1000);
        Fill(large, 1000, 1000);

        // 1 MB through a 64 KiB buffer fills about 15 memtables; a writer waits while an earlier one
        // is still being written out, so some tables exist when the writes return.
        TableSizes("small").Should().NotBeEmpty("1 MB of writes overflow a 64 KiB write buffer many times");
        TableSizes("large").Should().BeEmpty("1 MB of writes fit in a 64 MiB write buffer: nothing is written out until reopen");
    }

    [Fact]
    public void Compression_option_decides_whether_tables_are_compressed()
    {
        foreach (var (name, compress) in new[] { ("plain", false), ("compressed", true) })
        {
            var options = new TestOptions { Compressed = compress };
            var store = Open(name, options);
            Fill(store, 2000, 1000, compressible: true);
            FlushByReopening(store, name, options).Dispose();
        }

        var plain = TableSizes("plain").Sum();
        var compressed = TableSizes("compressed").Sum();
        plain.Should().BeGreaterThan(2000 * 1000, "2000 values of 1000 bytes stored uncompressed");
        compressed.Should().BeLessThan(plain / 10, "values of one repeated letter compress more than tenfold");
    }

    [Fact]
    public void Bloom_filter_option_writes_a_filter_into_every_table()
    {
        foreach (var (name, bits) in new[] { ("without", (int?)null), ("with", 10) })
        {
            var options = new TestOptions { BloomFilterBitsPerKey = bits };
            var store = Open(name, options);
            Fill(store, 500, 100);
            FlushByReopening(store, name, options).Dispose();
        }

        bool HasFilter(string name) => Directory.GetFiles(Dir(name), "*" + TableExtension)
            .Should().NotBeEmpty().And.Subject.All(f => File.ReadAllBytes(f).AsSpan().IndexOf(Encoding.ASCII.GetBytes(BloomFilterMarker)) >= 0);

        HasFilter("with").Should().BeTrue($"every table of a store with a Bloom filter names it ({BloomFilterMarker})");
        HasFilter("without").Should().BeFalse("a store without a filter policy writes no filter");
    }

    /// <summary>
    /// Compressed tables, because LevelDB caches only the blocks it had to copy: an uncompressed block
    /// of a memory-mapped table is read in place and never cached (table/format.cc, ReadBlock's "cachable").
    /// </summary>
    [Fact]
    public void Fill_cache_decides_whether_reads_fill_the_block_cache()
    {
        var options = new TestOptions { BlockCacheSize = 64 << 20, Compressed = true };
        var store = Open("cache", options);
        Fill(store, 3000, 1000, compressible: true);
        store = FlushByReopening(store, "cache", options);
        var before = CacheUsage(store);

        ReadAll(store, new ReadOptions { FillCache = false });
        var afterUncachedReads = CacheUsage(store);
        ReadAll(store, ReadOptions.Default);
        var afterCachedReads = CacheUsage(store);

        (afterUncachedReads - before).Should().BeLessThan(100_000, "reads with FillCache = false leave the block cache as it was");
        (afterCachedReads - before).Should().BeGreaterThan(2_000_000, "reads with FillCache = true bring every data block (3 MB of values) into the cache");
    }

    [Fact]
    public void A_block_cache_of_size_zero_caches_nothing()
    {
        var options = new TestOptions { BlockCacheSize = 0, Compressed = true };
        var store = Open("nocache", options);
        Fill(store, 3000, 1000, compressible: true);
        store = FlushByReopening(store, "nocache", options);
        var before = CacheUsage(store);

        ReadAll(store, ReadOptions.Default);

        (CacheUsage(store) - before).Should().BeLessThan(100_000);
    }

    [Fact]
    public void A_read_with_VerifyChecksums_reports_a_flipped_bit_as_corruption()
    {
        var (store, key) = StoreWithAFlippedBitInOneValue("flipped", new TestOptions { ParanoidChecks = false });

        store.Invoking(s => s.Get(key, new ReadOptions { VerifyChecksums = true })).Should().Throw<PeerCorruptionException>()
            .Which.Should().BeAssignableTo<CorruptionException>();

        using var iterator = store.NewIterator(new ReadOptions { VerifyChecksums = true });
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
        }

        iterator.Error.Should().BeOfType<PeerCorruptionException>("an iterator that meets a damaged block stops and reports it (rule 6)")
            .Which.Status.Should().StartWith("Corruption:");
    }

    /// <summary>
    /// Writes 100 entries with one distinctive 4000-byte value, uncompressed, moves them into a table,
    /// flips one bit in the middle of that value in the table file, and opens the store again with
    /// <paramref name="options"/>; returns the store and the value's key.
    /// </summary>
    protected (PeerStore Store, byte[] Key) StoreWithAFlippedBitInOneValue(string name, TestOptions options)
    {
        var store = Open(name, options);
        Fill(store, 100, 100);
        var key = Encoding.ASCII.GetBytes("target");
        var value = Bytes.Value(4242, 4000);
        store.Put(key, value);
        FlushByReopening(store, name, options).Dispose();

        var flips = 0;
        foreach (var file in Directory.GetFiles(Dir(name), "*" + TableExtension))
        {
            var bytes = File.ReadAllBytes(file);
            var at = bytes.AsSpan().IndexOf(value);
            if (at >= 0)
            {
                bytes[at + 2000] ^= 0x08;
                File.WriteAllBytes(file, bytes);
                flips++;
            }
        }

        flips.Should().Be(1, "the value is stored once, verbatim, in one table");
        return (Open(name, options), key);
    }

    // ---------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void A_second_open_of_the_same_directory_throws_FileLockedException()
    {
        Open("locked");

        var second = () => Open("locked");

        second.Should().Throw<FileLockedException>().Which.FilePath.Should().Be(Path.Combine(Dir("locked"), "LOCK"));
    }

    [Fact]
    public void Opening_a_missing_store_without_create_if_missing_throws_PeerException()
    {
        Directory.CreateDirectory(Dir("empty"));

        var open = () => Open("empty", new TestOptions { CreateIfMissing = false });

        var e = open.Should().Throw<PeerException>().Which;
        e.Code.Should().Be("Invalid argument");
        e.Status.Should().Contain("create_if_missing");
        e.Message.Should().StartWith(e.Engine + ": Invalid argument: ");
    }

    [Fact]
    public void The_store_reopens_after_a_failed_open_and_after_dispose()
    {
        Directory.CreateDirectory(Dir("again"));
        var failed = () => Open("again", new TestOptions { CreateIfMissing = false });
        failed.Should().Throw<PeerException>();

        var store = Open("again");
        store.Put(Key(1), Value(1, 10));
        store.Dispose();
        store = Open("again");

        store.Get(Key(1)).Should().Equal(Value(1, 10), "a failed open holds nothing, and Dispose released the LOCK");
    }

    [Fact]
    public void Properties_are_the_engine_s_and_an_unknown_one_is_null()
    {
        var store = Open("properties");
        Fill(store, 10, 10);

        store.GetProperty(StatsProperty.Name).Should().Contain(StatsProperty.Contains);
        store.GetProperty("fromscratch.no-such-property").Should().BeNull();
        store.Invoking(s => s.GetProperty("")).Should().Throw<ArgumentException>();
    }

    // ---------------------------------------------------------------------------------------------
    // Misuse throws instead of crashing the process
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public void An_invalid_iterator_refuses_Key_Value_Next_and_Prev_with_InvalidOperationException()
    {
        var store = Open("invalid");
        Fill(store, 3, 10);
        using var iterator = store.NewIterator();

        foreach (var position in new Action<IKeyValueIterator>[] { _ => { }, i => i.Seek(Key(99)), i => { i.SeekToFirst(); i.Prev(); } })
        {
            position(iterator);
            iterator.Valid.Should().BeFalse();
            iterator.Invoking(i => i.Key.ToArray()).Should().Throw<InvalidOperationException>().WithMessage("Key needs a valid iterator*");
            iterator.Invoking(i => i.Value.ToArray()).Should().Throw<InvalidOperationException>();
            iterator.Invoking(i => i.Next()).Should().Throw<InvalidOperationException>();
            iterator.Invoking(i => i.Prev()).Should().Throw<InvalidOperationException>();
        }
    }

    [Fact]
    public void A_disposed_iterator_throws_ObjectDisposedException_from_every_member()
    {
        var store = Open("disposed-iterator");
        Fill(store, 3, 10);
        var iterator = store.NewIterator();
        iterator.SeekToFirst();

        iterator.Dispose();
        iterator.Dispose();

        foreach (var call in new Action<IKeyValueIterator>[]
        {
            i => _ = i.Valid, i => i.Key.ToArray(), i => i.Value.ToArray(), i => _ = i.Error, i => i.SeekToFirst(),
            i => i.SeekToLast(), i => i.Seek(Key(1)), i => i.Next(), i => i.Prev(),
        })
        {
            iterator.Invoking(call).Should().Throw<ObjectDisposedException>().WithMessage("*The iterator was disposed*");
        }
    }

    [Fact]
    public void Disposing_the_store_closes_its_open_iterators_and_snapshots_and_releases_the_directory()
    {
        var store = Open("owner");
        Fill(store, 5, 10);
        var iterator = store.NewIterator();
        iterator.SeekToFirst();
        var snapshot = store.GetSnapshot();

        store.Dispose();

        iterator.Invoking(i => i.Valid).Should().Throw<ObjectDisposedException>().WithMessage($"*was closed when {store} was disposed*");
        iterator.Invoking(i => i.Next()).Should().Throw<ObjectDisposedException>();
        iterator.Dispose();
        snapshot.Dispose();
        var reopened = Open("owner");
        reopened.Get(Key(4)).Should().Equal(Value(4, 10), "the database was closed, so it reopens");
        reopened.Invoking(s => s.Get(Key(4), new ReadOptions { Snapshot = snapshot })).Should().Throw<ArgumentException>(
            "a snapshot belongs to the store that took it, not to a later store of the same directory");
        store.Invoking(s => s.NewIterator()).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.GetSnapshot()).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.GetProperty(StatsProperty.Name)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void An_iterator_keeps_reading_its_snapshot_after_the_snapshot_is_released()
    {
        var store = Open("pinned");
        Fill(store, 10, 10);
        var snapshot = store.GetSnapshot();
        for (var i = 0; i < 10; i++)
        {
            store.Put(Key(i), Value(100 + i, 10));
        }

        using var iterator = store.NewIterator(new ReadOptions { Snapshot = snapshot });
        snapshot.Dispose();
        var values = new List<byte[]>();
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
            values.Add(iterator.Value.ToArray());
        }

        values.Should().HaveCount(10);
        values.Select((v, i) => v.AsSpan().SequenceEqual(Value(i, 10))).Should().AllBeEquivalentTo(true,
            "the iterator holds the engine's snapshot until it is disposed");
        store.Invoking(s => s.NewIterator(new ReadOptions { Snapshot = snapshot })).Should().Throw<ObjectDisposedException>()
            .WithMessage("*The snapshot was released*");
        store.Invoking(s => s.Get(Key(1), new ReadOptions { Snapshot = snapshot })).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Every_call_with_an_empty_key_throws_ArgumentException_before_reaching_the_engine()
    {
        var store = Open("empty-key");

        store.Invoking(s => s.Get([])).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Get([], new ReadOptions { VerifyChecksums = true })).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Put([], [1])).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Delete([])).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Get(Key(1), null!)).Should().Throw<ArgumentNullException>();
        store.Invoking(s => s.Write(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Synced_and_unsynced_writes_and_batches_read_back_and_survive_reopen()
    {
        var store = Open("sync");
        store.Put(Key(1), Value(1, 10), WriteOptions.Synced);
        store.Put(Key(2), Value(2, 10));
        store.Write(new WriteBatch().Put(Key(3), []).Delete(Key(2)), WriteOptions.Synced);
        store.Delete(Key(1), WriteOptions.Synced);
        store.Dispose();

        store = Open("sync");

        store.Get(Key(1)).Should().BeNull();
        store.Get(Key(2)).Should().BeNull();
        store.Get(Key(3)).Should().NotBeNull().And.BeEmpty();
    }

    // A store without a block cache may not answer the property (RocksDB): nothing is cached.
    private long CacheUsage(PeerStore store) =>
        store.GetProperty(CacheUsageProperty) is { } usage ? long.Parse(usage, CultureInfo.InvariantCulture) : 0;

    private static void ReadAll(PeerStore store, ReadOptions options)
    {
        for (var i = 0; i < 3000; i++)
        {
            store.Get(Key(i), options).Should().NotBeNull();
        }
    }
}
