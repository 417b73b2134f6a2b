using CsCheck;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// The contract suite of <see cref="IOrderedKeyValueStore"/>: every test of
/// <see cref="KeyValueStoreContractTests"/> plus range scans (order, bounds, empty end, model-based
/// scans; this file) and iterators and snapshots (forward and backward iteration, seeks to every
/// boundary, direction changes, an iterator's and a snapshot's view unchanged by later writes, and
/// a model-based random walk; OrderedKeyValueStoreContractTests.Iterators.cs). An ordered engine derives from this class instead of the base one; its
/// <see cref="KeyValueStoreContractTests.OpenStore"/> must return an <see cref="IOrderedKeyValueStore"/>.
/// As in the base class there is no <c>[Trait("Step", ...)]</c> here: the deriving class sets its step.
/// <para>
/// Order is ascending unsigned-byte order with a prefix before its extensions
/// (<see cref="ByteArrayComparer"/>): <c>[7F] &lt; [80] &lt; [FF] &lt; [FF 00]</c>.
/// </para>
/// </summary>
public abstract partial class OrderedKeyValueStoreContractTests : KeyValueStoreContractTests
{
    /// <summary>Opens the store as an ordered one; fails with a clear message if the engine's store does not implement <see cref="IOrderedKeyValueStore"/>.</summary>
    protected IOrderedKeyValueStore OpenOrdered(IFileSystem? fileSystem = null, string directory = StoreDirectory)
    {
        var store = Open(fileSystem, directory);
        return store as IOrderedKeyValueStore ?? throw new InvalidOperationException(
            $"OpenStore returned a {store.GetType().Name}, which does not implement IOrderedKeyValueStore: derive the test class from KeyValueStoreContractTests instead.");
    }

    private static readonly byte[][] OrderKeys =
    [
        [0xFF, 0], [0x80], [0x7F], [0xFF], [0], [0, 0], [0, 1], [1], Bytes.Of("b"), Bytes.Of("a"),
        Bytes.Of("ab"), Bytes.Of("abc"), [.. Bytes.Of("ab"), 0], [.. Bytes.Of("ab"), 0xFF], [0xFE, 0xFF, 0xFF],
    ];

    private static IOrderedKeyValueStore Fill(IOrderedKeyValueStore store, InMemoryKeyValueStore model, IEnumerable<byte[]> keys)
    {
        var i = 0;
        foreach (var key in keys)
        {
            store.Put(key, Bytes.Value(i, i % 9));
            model.Put(key, Bytes.Value(i, i % 9));
            i++;
        }

        return store;
    }

    private static void AssertScan(IOrderedKeyValueStore store, InMemoryKeyValueStore model, byte[] start, byte[] end, string context = "")
    {
        var expected = model.Scan(start, end).ToList();
        var actual = store.Scan(start, end).ToList();
        var describe = (List<KeyValuePair<byte[], byte[]>> entries) =>
            "[" + string.Join(", ", entries.Select(e => $"{Bytes.Describe(e.Key)}={Bytes.Describe(e.Value)}")) + "]";
        var same = actual.Count == expected.Count && actual.Zip(expected).All(p =>
            p.First.Key.AsSpan().SequenceEqual(p.Second.Key) && p.First.Value.AsSpan().SequenceEqual(p.Second.Value));
        same.Should().BeTrue(
            $"{context}{(context.Length > 0 ? ": " : "")}Scan({Bytes.Describe(start)}, {Bytes.Describe(end)}) should return {describe(expected)}, but returned {describe(actual)}");
    }

    /// <summary>A full scan (empty start and end) returns every entry once, in unsigned bytewise order: 0x80 after 0x7F, a prefix before its extensions.</summary>
    [Fact]
    public void Scan_returns_every_entry_in_unsigned_bytewise_order()
    {
        var store = OpenOrdered();
        Fill(store, new InMemoryKeyValueStore(), OrderKeys);

        var keys = store.Scan(default, default).Select(e => e.Key).ToList();

        keys.Should().HaveCount(OrderKeys.Length);
        keys.Should().BeInAscendingOrder(ByteArrayComparer.Instance);
        keys.Select(Convert.ToHexString).Should().Equal(OrderKeys.Order(ByteArrayComparer.Instance).Select(Convert.ToHexString));
    }

    /// <summary>A scan includes its start key and excludes its end key, whether or not either is stored.</summary>
    [Fact]
    public void Scan_range_includes_start_and_excludes_end()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);

        store.Scan(Bytes.Of("a"), Bytes.Of("abc")).Select(e => Convert.ToHexString(e.Key)).Should().Equal(
            [Convert.ToHexString(Bytes.Of("a")), Convert.ToHexString(Bytes.Of("ab")), Convert.ToHexString([.. Bytes.Of("ab"), 0])],
            "start 'a' is stored and included; end 'abc' is stored and excluded; ab\\xFF sorts after abc");
        AssertScan(store, model, Bytes.Of("aa"), Bytes.Of("b"), "bounds that are not stored");
        AssertScan(store, model, [0x7F], [0xFF]);
        AssertScan(store, model, [0], [0, 0, 0]);
        AssertScan(store, model, [0x80], [0x80, 0]);
    }

    /// <summary>An empty end means "to the last key"; an empty start means "from the first".</summary>
    [Fact]
    public void Scan_with_empty_end_runs_to_the_last_key()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);

        store.Scan(new byte[] { 0xFF }, default).Select(e => Convert.ToHexString(e.Key)).Should().Equal("FF", "FF00");
        AssertScan(store, model, Bytes.Of("ab"), []);
        AssertScan(store, model, [], Bytes.Of("ab"));
        store.Scan(new byte[] { 0xFF, 0, 0 }, default).Should().BeEmpty("no key is at or after FF0000");
    }

    /// <summary>A range whose start is at or after its end is empty; so is a scan of an empty store.</summary>
    [Fact]
    public void Scan_of_an_empty_range_or_store_returns_nothing()
    {
        var store = OpenOrdered();
        store.Scan(default, default).Should().BeEmpty("the store is empty");
        Fill(store, new InMemoryKeyValueStore(), OrderKeys);

        store.Scan(Bytes.Of("ab"), Bytes.Of("ab")).Should().BeEmpty("start == end");
        store.Scan(Bytes.Of("b"), Bytes.Of("a")).Should().BeEmpty("start > end");
        store.Scan(Bytes.Of("abd"), Bytes.Of("abe")).Should().BeEmpty("no key lies in the range");
    }

    /// <summary>A scan sees overwrites, deletes, batches and unsynced writes made before it started, and the same entries after reopen.</summary>
    [Fact]
    public void Scan_sees_every_write_before_it_and_survives_reopen()
    {
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);
        store.Put(Bytes.Of("ab"), Bytes.Of("overwritten"));
        model.Put(Bytes.Of("ab"), Bytes.Of("overwritten"));
        store.Delete([0x80]);
        model.Delete([0x80]);
        var batch = new WriteBatch().Put(Bytes.Of("new"), []).Delete(Bytes.Of("a")).Put([0x80, 1], Bytes.Of("x"));
        store.Write(batch);
        model.Write(batch);

        AssertScan(store, model, [], []);
        AssertScan(store, model, Bytes.Of("a"), Bytes.Of("b"));
        store = (IOrderedKeyValueStore)Reopen(store);
        AssertScan(store, model, [], [], "after reopen");
    }

    /// <summary>After a crash that follows a synced write, a scan returns every write made before it: unsynced ones, overwrites, deletes and a batch included.</summary>
    [Fact]
    public void Scan_after_a_crash_that_followed_a_synced_write_sees_every_write()
    {
        SkipUnlessSimulated();
        var store = OpenOrdered();
        var model = new InMemoryKeyValueStore();
        Fill(store, model, OrderKeys);
        store.Put(Bytes.Of("ab"), Bytes.Of("overwritten"));
        model.Put(Bytes.Of("ab"), Bytes.Of("overwritten"));
        store.Delete([0x80]);
        model.Delete([0x80]);
        var batch = new WriteBatch().Put(Bytes.Of("new"), []).Delete(Bytes.Of("a"));
        store.Write(batch);
        model.Write(batch);
        store.Put(Bytes.Of("last"), Bytes.Of("synced"), WriteOptions.Synced);
        model.Put(Bytes.Of("last"), Bytes.Of("synced"));

        store = (IOrderedKeyValueStore)CrashAndReopen(store, fs => fs.Crash(new Random(5)));

        AssertScan(store, model, [], [], "after a crash that followed a synced write");
    }

    /// <summary>Scan on a disposed store throws <see cref="ObjectDisposedException"/> (when called or at the latest when enumerated).</summary>
    [Fact]
    public void Scan_after_dispose_throws_ObjectDisposedException()
    {
        var store = OpenOrdered();
        store.Put(Bytes.Of("k"), Bytes.Of("v"));
        store.Dispose();

        store.Invoking(s => s.Scan(default, default).ToList()).Should().Throw<ObjectDisposedException>();
    }

    /// <summary>Random stores (CsCheck, seeded, prints its seed) and random ranges, including empty ends and bounds not stored: every scan equals the model's.</summary>
    [Fact]
    public void Random_scans_match_the_model()
    {
        var key = Gen.Byte[0, 3].Select(b => (byte)(b switch { 0 => 0x00, 1 => 0x61, 2 => 0x7F, _ => 0xFF })).Array[1, 3];
        var write = Gen.Select(key, Gen.Int[-1, 40]);
        var bound = Gen.Frequency((4, key), (1, Gen.Const(Array.Empty<byte>())));
        Gen.Select(write.Array[0, 60], Gen.Select(bound, bound).Array[1, 10], Gen.Bool).Sample((writes, ranges, reopen) =>
        {
            var fileSystem = NewFileSystem();
            var store = OpenOrdered(fileSystem);
            var model = new InMemoryKeyValueStore();
            try
            {
                for (var i = 0; i < writes.Length; i++)
                {
                    var (k, length) = writes[i];
                    if (length < 0)
                    {
                        store.Delete(k);
                        model.Delete(k);
                    }
                    else
                    {
                        store.Put(k, Bytes.Value(i, length));
                        model.Put(k, Bytes.Value(i, length));
                    }
                }

                if (reopen)
                {
                    store.Dispose();
                    store = OpenOrdered(fileSystem);
                }

                foreach (var (start, end) in ranges)
                {
                    AssertScan(store, model, start, end, $"after {writes.Length} writes{(reopen ? " and a reopen" : "")}");
                }
            }
            finally
            {
                store.Dispose();
            }
        }, iter: 100, threads: 1);
    }
}
