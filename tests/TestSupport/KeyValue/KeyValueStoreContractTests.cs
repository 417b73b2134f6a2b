using CsCheck;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// The contract test suite of <see cref="IKeyValueStore"/>: every engine of the curriculum (db-04's
/// Bitcask, the LSM tree, the B-tree, ...) proves it meets the contract by deriving a test class from
/// this one and saying how to open the engine:
/// <code>
///   [Trait("Step", "05")]
///   public sealed class Step05ContractTests : KeyValueStoreContractTests
///   {
///       protected override IKeyValueStore OpenStore(IFileSystem fileSystem, string directory) =&gt;
///           BitcaskStore.Open(fileSystem, directory);
///   }
/// </code>
/// This class carries no <c>[Trait("Step", ...)]</c> on purpose: the step that introduces the
/// contract differs from lab to lab, so the deriving class sets it with a class-level trait, which
/// xunit applies to every inherited test.
/// <para>
/// The tests run on a <see cref="SimulatedFileSystem"/> (fast, and it can lose power), except one
/// that proves the engine also works on the real disk. The suite creates the store's directory
/// (durably) before the first open; <see cref="OpenStore"/> must open an existing store in it or
/// create a new one. Crash tests follow the contract of <see cref="IKeyValueStore"/>: after a crash
/// the store holds the state after some prefix of the writes that includes every synced write, and
/// a <see cref="WriteBatch"/> is never half applied. A store may throw from any call once the
/// simulated power is lost; the suite then abandons it (its <c>Dispose</c> may throw an
/// <see cref="IOException"/>, which is ignored) and opens the crashed file system afresh.
/// </para>
/// <para>
/// Each test creates its own file systems, so the tests of one class can run in parallel with
/// another's; within a class xunit runs them one at a time.
/// </para>
/// <para>
/// An engine that does its own I/O and cannot be given an <see cref="IFileSystem"/> (the real LevelDB
/// and RocksDB, through P/Invoke) overrides <see cref="RequiresRealDirectory"/>: the suite then runs
/// every test that needs no crash on real directories (each simulated file system a test makes stands
/// for one disk, and gets its own directory under the test's temporary directory), and skips the
/// tests that crash the simulator or inject faults into it, with a reason.
/// </para>
/// </summary>
public abstract class KeyValueStoreContractTests : IDisposable
{
    /// <summary>The directory the suite opens the store in on the simulated file system.</summary>
    protected const string StoreDirectory = "/db";

    /// <summary>Why the crash and fault tests are skipped for an engine with <see cref="RequiresRealDirectory"/>.</summary>
    protected const string RealDirectorySkipReason =
        "the engine does its own I/O on a real directory (RequiresRealDirectory), so the simulated file system " +
        "cannot crash it or inject faults into it; this test needs both";

    private readonly List<IKeyValueStore> _opened = [];
    private readonly Lock _openedLock = new();
    private readonly Dictionary<IFileSystem, string> _realDirectories = new(ReferenceEqualityComparer.Instance);
    private SimulatedFileSystem? _fileSystem;
    private TempDirectory? _realRoot;

    /// <summary>Opens the engine's store in <paramref name="directory"/>, which exists; creates the store if the directory holds none.</summary>
    /// <param name="fileSystem">The file system to do every file operation through.</param>
    /// <param name="directory">The store's directory (absolute).</param>
    protected abstract IKeyValueStore OpenStore(IFileSystem fileSystem, string directory);

    /// <summary>
    /// Whether the engine works only on the real file system, doing its own I/O instead of going
    /// through the <see cref="IFileSystem"/> it is given (false, the default, for every engine of the
    /// curriculum; true for a native engine such as LevelDB through P/Invoke). When true:
    /// <list type="bullet">
    /// <item><see cref="OpenStore"/> always gets <see cref="RealFileSystem.Instance"/> and a real
    /// directory: each simulated file system of the test (<see cref="FileSystem"/>,
    /// <see cref="NewFileSystem"/>) stands for one disk and is given its own directory under the
    /// test's temporary directory, so a reopen "on the same file system" reopens the same directory
    /// and a new file system starts empty;</item>
    /// <item>the tests that crash the file system or inject faults (power loss, torn writes, flipped
    /// bits, failed fsyncs) are skipped with <see cref="RealDirectorySkipReason"/>, as is any test of a
    /// deriving class that calls <see cref="CrashAndReopen"/>;</item>
    /// <item>the model-based random test runs its puts, deletes, batches, gets and reopens without the
    /// crash steps.</item>
    /// </list>
    /// </summary>
    protected virtual bool RequiresRealDirectory => false;

    /// <summary>
    /// The crash model of the simulated file system; the default is <see cref="CrashModel.Pessimistic"/>
    /// (torn, reordered writes, length before data: what POSIX allows). An engine that relies on a
    /// stronger file system may narrow it, and must say so in its documentation.
    /// </summary>
    protected virtual CrashModel CrashModel => CrashModel.Pessimistic;

    /// <summary>The current simulated file system: replaced by the crashed one at each crash of <see cref="CrashAndReopen"/>.</summary>
    protected SimulatedFileSystem FileSystem => _fileSystem ??= NewFileSystem();

    // ---------------------------------------------------------------------------------------------
    // Helpers for deriving classes
    // ---------------------------------------------------------------------------------------------

    /// <summary>A new simulated file system with <see cref="StoreDirectory"/> created and durable.</summary>
    protected SimulatedFileSystem NewFileSystem()
    {
        var fileSystem = new SimulatedFileSystem(CrashModel);
        fileSystem.CreateDirectory(StoreDirectory);
        fileSystem.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(StoreDirectory))!);
        return fileSystem;
    }

    /// <summary>
    /// Opens the store on <see cref="FileSystem"/> (or on <paramref name="fileSystem"/>); the suite
    /// disposes it at the end of the test. With <see cref="RequiresRealDirectory"/>, a simulated file
    /// system is replaced by the real directory that stands for it.
    /// </summary>
    protected IKeyValueStore Open(IFileSystem? fileSystem = null, string directory = StoreDirectory)
    {
        fileSystem ??= FileSystem;
        if (RequiresRealDirectory && fileSystem is not RealFileSystem)
        {
            (fileSystem, directory) = (RealFileSystem.Instance, RealDirectoryFor(fileSystem, directory));
        }

        var store = OpenStore(fileSystem, directory);
        store.Should().NotBeNull("OpenStore must return a store");
        lock (_openedLock)
        {
            _opened.Add(store);
        }

        return store;
    }

    /// <summary>Disposes <paramref name="store"/> (a clean shutdown) and opens it again on the same file system.</summary>
    protected IKeyValueStore Reopen(IKeyValueStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.Dispose();
        return Open();
    }

    /// <summary>
    /// Crashes <see cref="FileSystem"/> with <paramref name="crash"/> (for example
    /// <c>fs =&gt; fs.Crash(new Random(7))</c>), abandons <paramref name="store"/>, makes the crashed
    /// file system current and opens the store on it.
    /// </summary>
    protected IKeyValueStore CrashAndReopen(IKeyValueStore store, Func<SimulatedFileSystem, SimulatedFileSystem> crash)
    {
        ArgumentNullException.ThrowIfNull(crash);
        SkipUnlessSimulated();
        var crashed = crash(FileSystem);
        Abandon(store);
        _fileSystem = crashed;
        return Open();
    }

    /// <summary>Skips the test (xunit's dynamic skip) when the engine <see cref="RequiresRealDirectory"/>: the test needs the simulator's crashes or faults.</summary>
    protected void SkipUnlessSimulated() => Assert.SkipWhen(RequiresRealDirectory, RealDirectorySkipReason);

    /// <summary>Disposes a store whose file system lost power; an <see cref="IOException"/> from it is expected and ignored.</summary>
    protected static void Abandon(IKeyValueStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            store.Dispose();
        }
        catch (IOException)
        {
            // The simulated power is off: a store may fail to close its files. What counts is the reopen.
        }
    }

    /// <summary>The three kinds of crash the crash tests try: lose everything unsynced, keep everything, and seeded random choices in between.</summary>
    protected static IEnumerable<(string Name, Func<SimulatedFileSystem, SimulatedFileSystem> Crash)> Crashes(int seeds)
    {
        yield return ("crash losing all unsynced", fs => fs.CrashLosingAllUnsynced());
        yield return ("crash keeping all unsynced", fs => fs.CrashKeepingAllUnsynced());
        for (var seed = 0; seed < seeds; seed++)
        {
            var s = seed;
            yield return ($"crash with seed {s}", fs => fs.Crash(new Random(s)));
        }
    }

    /// <summary>Asserts that <paramref name="store"/> holds <paramref name="expected"/> under <paramref name="key"/> (null: absent).</summary>
    protected static void AssertValue(IKeyValueStore store, byte[] key, byte[]? expected, string context = "")
    {
        ArgumentNullException.ThrowIfNull(store);
        var actual = store.Get(key);
        var same = expected is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(expected);
        same.Should().BeTrue(
            $"{context}{(context.Length > 0 ? ": " : "")}key {Bytes.Describe(key)} should hold {Bytes.Describe(expected)}, but Get returned {Bytes.Describe(actual)}");
    }

    /// <summary>Asserts that <paramref name="store"/> holds exactly <paramref name="model"/>'s value (or absence) for every key in <paramref name="keys"/>.</summary>
    protected static void AssertMatches(IKeyValueStore store, InMemoryKeyValueStore model, IEnumerable<byte[]> keys, string context = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(keys);
        var differences = new List<string>();
        foreach (var key in keys)
        {
            var expected = model.Get(key);
            var actual = store.Get(key);
            if (!(expected is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(expected)))
            {
                differences.Add($"key {Bytes.Describe(key)}: expected {Bytes.Describe(expected)}, found {Bytes.Describe(actual)}");
            }
        }

        differences.Should().BeEmpty($"{context}{(context.Length > 0 ? ": " : "")}the store should hold exactly the model's entries");
    }

    /// <summary>Disposes every store the test opened (ignoring failures of abandoned ones).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the stores the test opened; a deriving class that owns more calls the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (_openedLock)
        {
            foreach (var store in _opened)
            {
                try
                {
                    store.Dispose();
                }
                catch (IOException)
                {
                    // Abandoned after a simulated power loss.
                }
                catch (ObjectDisposedException)
                {
                }
            }

            _opened.Clear();
        }

        _realRoot?.Dispose();
    }

    /// <summary>The real directory that stands for <paramref name="fileSystem"/>'s <paramref name="directory"/>: one directory per file system, under the test's temporary directory.</summary>
    private string RealDirectoryFor(IFileSystem fileSystem, string directory)
    {
        lock (_openedLock)
        {
            _realRoot ??= new TempDirectory("kv-contract-real");
            if (!_realDirectories.TryGetValue(fileSystem, out var disk))
            {
                disk = Path.Combine(_realRoot.PathName, $"fs{_realDirectories.Count}");
                _realDirectories.Add(fileSystem, disk);
            }

            var path = Path.Combine(disk, directory.TrimStart('/'));
            Directory.CreateDirectory(path);
            return path;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Basic semantics
    // ---------------------------------------------------------------------------------------------

    /// <summary>A key never written reads as null, in a new store and in one with other keys.</summary>
    [Fact]
    public void Get_of_a_missing_key_returns_null()
    {
        var store = Open();
        store.Get(Bytes.Of("missing")).Should().BeNull();

        store.Put(Bytes.Of("present"), Bytes.Of("v"));
        store.Get(Bytes.Of("missing")).Should().BeNull();
        store.Get(Bytes.Of("presen")).Should().BeNull("a prefix of a stored key is a different key");
        store.Get(Bytes.Of("present!")).Should().BeNull("an extension of a stored key is a different key");
    }

    /// <summary>Get returns exactly the bytes Put stored, and a copy the caller may keep.</summary>
    [Fact]
    public void Put_then_get_returns_the_value()
    {
        var store = Open();
        var key = Bytes.Of("key");
        var value = Bytes.Value(1, 100);

        store.Put(key, value);

        AssertValue(store, key, value);
        key[0] ^= 0xFF;
        value[0] ^= 0xFF;
        AssertValue(store, Bytes.Of("key"), Bytes.Value(1, 100), "after the caller changed its key and value buffers");
        store.Get(key).Should().BeNull("the store must have copied the key, not kept the caller's buffer");
    }

    /// <summary>A second Put of a key replaces the value (longer, shorter, then empty), as every later read sees.</summary>
    [Fact]
    public void Put_overwrites_the_previous_value()
    {
        var store = Open();
        var key = Bytes.Of("key");
        byte[][] values = [Bytes.Value(1, 10), Bytes.Value(2, 1000), Bytes.Value(3, 3), [], Bytes.Value(4, 10)];

        foreach (var value in values)
        {
            store.Put(key, value);
            AssertValue(store, key, value, "right after the overwrite");
        }

        store = Reopen(store);
        AssertValue(store, key, values[^1], "after reopen");
    }

    /// <summary>Delete makes a key absent without touching its neighbours, and a later Put brings it back.</summary>
    [Fact]
    public void Delete_removes_the_key()
    {
        var store = Open();
        store.Put(Bytes.Of("a"), Bytes.Of("1"));
        store.Put(Bytes.Of("b"), Bytes.Of("2"));

        store.Delete(Bytes.Of("a"));

        AssertValue(store, Bytes.Of("a"), null);
        AssertValue(store, Bytes.Of("b"), Bytes.Of("2"));
        store.Put(Bytes.Of("a"), Bytes.Of("3"));
        AssertValue(store, Bytes.Of("a"), Bytes.Of("3"), "a put after the delete");
    }

    /// <summary>Deleting a key that is absent (never written, or already deleted) is not an error and changes nothing.</summary>
    [Fact]
    public void Delete_of_a_missing_key_is_a_no_op()
    {
        var store = Open();
        store.Put(Bytes.Of("kept"), Bytes.Of("v"));

        store.Delete(Bytes.Of("never-written"));
        store.Delete(Bytes.Of("kept-not"));
        store.Delete(Bytes.Of("kept-not"), WriteOptions.Synced);

        AssertValue(store, Bytes.Of("never-written"), null);
        AssertValue(store, Bytes.Of("kept"), Bytes.Of("v"));
        store = Reopen(store);
        AssertValue(store, Bytes.Of("never-written"), null, "after reopen");
        AssertValue(store, Bytes.Of("kept"), Bytes.Of("v"), "after reopen");
    }

    /// <summary>An empty value is a value: Get returns an empty array, not null, before and after reopen.</summary>
    [Fact]
    public void Empty_value_is_stored_and_distinct_from_missing()
    {
        var store = Open();
        store.Put(Bytes.Of("empty"), []);

        store.Get(Bytes.Of("empty")).Should().NotBeNull().And.BeEmpty();
        store = Reopen(store);
        store.Get(Bytes.Of("empty")).Should().NotBeNull("after reopen, an empty value is still present").And.BeEmpty();
        store.Delete(Bytes.Of("empty"));
        store.Get(Bytes.Of("empty")).Should().BeNull();
    }

    /// <summary>An empty key is rejected by Get, Put and Delete with an <see cref="ArgumentException"/>, and the store stays usable.</summary>
    [Fact]
    public void Empty_key_is_rejected_with_ArgumentException()
    {
        var store = Open();

        store.Invoking(s => s.Get([])).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Put([], Bytes.Of("v"))).Should().Throw<ArgumentException>();
        store.Invoking(s => s.Delete([])).Should().Throw<ArgumentException>();

        store.Put(Bytes.Of("k"), Bytes.Of("v"));
        AssertValue(store, Bytes.Of("k"), Bytes.Of("v"), "the store must stay usable after rejecting a key");
    }

    /// <summary>Every one-byte key 0x00..0xFF is its own key (no byte is a terminator or escape), before and after reopen.</summary>
    [Fact]
    public void Binary_keys_with_every_byte_value_are_distinct()
    {
        var store = Open();
        for (var b = 0; b < 256; b++)
        {
            store.Put([(byte)b], Bytes.Value(b, 1 + (b % 7)));
        }

        for (var round = 0; round < 2; round++)
        {
            for (var b = 0; b < 256; b++)
            {
                AssertValue(store, [(byte)b], Bytes.Value(b, 1 + (b % 7)), round == 0 ? "" : "after reopen");
            }

            store = Reopen(store);
        }
    }

    /// <summary>Keys with embedded and trailing zero bytes and keys that are prefixes of each other are all distinct.</summary>
    [Fact]
    public void Keys_with_zero_bytes_and_keys_that_are_prefixes_of_each_other_are_distinct()
    {
        byte[][] keys =
        [
            [0], [0, 0], [0, 0, 0], [0, 1], [1, 0], [1], [1, 0, 0],
            Bytes.Of("a"), Bytes.Of("ab"), Bytes.Of("abc"), Bytes.Of("abcd"), [.. Bytes.Of("ab"), 0], [.. Bytes.Of("ab"), 0, 0],
            [0xFF], [0xFF, 0xFF], [0xFF, 0], [0x80], [0x7F],
        ];
        var store = Open();
        for (var i = 0; i < keys.Length; i++)
        {
            store.Put(keys[i], Bytes.Value(i, 8));
        }

        store.Delete(Bytes.Of("ab"));
        store.Delete([0, 0]);

        var model = new InMemoryKeyValueStore();
        for (var i = 0; i < keys.Length; i++)
        {
            model.Put(keys[i], Bytes.Value(i, 8));
        }

        model.Delete(Bytes.Of("ab"));
        model.Delete([0, 0]);
        AssertMatches(store, model, keys);
        store = Reopen(store);
        AssertMatches(store, model, keys, "after reopen");
    }

    /// <summary>Values of 1 MiB + 1 and 8 MiB (larger than any engine's buffer) round-trip exactly, before and after reopen.</summary>
    [Fact]
    public void Large_values_round_trip()
    {
        var store = Open();
        var small = Bytes.Value(3, 10);
        var mebibyte = Bytes.Value(1, (1 << 20) + 1);
        var eight = Bytes.Value(2, 8 << 20);

        store.Put(Bytes.Of("before"), small);
        store.Put(Bytes.Of("1MiB+1"), mebibyte);
        store.Put(Bytes.Of("8MiB"), eight, WriteOptions.Synced);
        store.Put(Bytes.Of("after"), small, WriteOptions.Synced);

        AssertValue(store, Bytes.Of("1MiB+1"), mebibyte);
        AssertValue(store, Bytes.Of("8MiB"), eight);
        store = Reopen(store);
        AssertValue(store, Bytes.Of("1MiB+1"), mebibyte, "after reopen");
        AssertValue(store, Bytes.Of("8MiB"), eight, "after reopen");
        AssertValue(store, Bytes.Of("after"), small, "after reopen");
    }

    /// <summary>Ten thousand keys, a third overwritten and a tenth deleted, all read back before and after reopen.</summary>
    [Fact]
    public void Many_keys_round_trip()
    {
        const int N = 10_000;
        var store = Open();
        var model = new InMemoryKeyValueStore();
        var keys = Enumerable.Range(0, N).Select(i => Bytes.Of($"key-{i * 7919 % N:D6}")).ToList();
        for (var i = 0; i < N; i++)
        {
            store.Put(keys[i], Bytes.Value(i, 16 + (i % 100)));
            model.Put(keys[i], Bytes.Value(i, 16 + (i % 100)));
        }

        for (var i = 0; i < N; i += 3)
        {
            store.Put(keys[i], Bytes.Value(-i, 5));
            model.Put(keys[i], Bytes.Value(-i, 5));
        }

        for (var i = 0; i < N; i += 10)
        {
            store.Delete(keys[i]);
            model.Delete(keys[i]);
        }

        AssertMatches(store, model, keys);
        store = Reopen(store);
        AssertMatches(store, model, keys, "after reopen");
    }

    /// <summary>After a clean Dispose, a reopened store holds every write, synced or not; writes after the reopen survive the next one.</summary>
    [Fact]
    public void Reopen_after_dispose_keeps_every_write()
    {
        var store = Open();
        var model = new InMemoryKeyValueStore();
        var keys = Enumerable.Range(0, 50).Select(i => Bytes.Of($"k{i}")).ToList();
        void Put(int i, int seed, bool sync)
        {
            store.Put(keys[i], Bytes.Value(seed, 20 + seed % 30), sync ? WriteOptions.Synced : null);
            model.Put(keys[i], Bytes.Value(seed, 20 + seed % 30));
        }

        for (var i = 0; i < 50; i++)
        {
            Put(i, i, sync: i % 10 == 0);
        }

        for (var i = 0; i < 50; i += 4)
        {
            store.Delete(keys[i]);
            model.Delete(keys[i]);
        }

        store = Reopen(store);
        AssertMatches(store, model, keys, "after the first reopen");

        for (var i = 0; i < 50; i += 3)
        {
            Put(i, 100 + i, sync: false);
        }

        store.Delete(keys[1]);
        model.Delete(keys[1]);
        store = Reopen(store);
        AssertMatches(store, model, keys, "after the second reopen");
        store = Reopen(store);
        AssertMatches(store, model, keys, "after a reopen with no writes since the last");
    }

    /// <summary>Every call on a disposed store throws <see cref="ObjectDisposedException"/>; a second Dispose does not throw.</summary>
    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException()
    {
        var store = Open();
        store.Put(Bytes.Of("k"), Bytes.Of("v"));
        store.Dispose();

        store.Invoking(s => s.Get(Bytes.Of("k"))).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.Put(Bytes.Of("k"), Bytes.Of("v"))).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.Delete(Bytes.Of("k"))).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.Write(new WriteBatch().Put(Bytes.Of("k"), Bytes.Of("v")))).Should().Throw<ObjectDisposedException>();
        store.Invoking(s => s.Dispose()).Should().NotThrow("Dispose is idempotent");
    }

    // ---------------------------------------------------------------------------------------------
    // Write batches
    // ---------------------------------------------------------------------------------------------

    /// <summary>A batch applies its operations in order: put-then-delete of a key leaves it absent, delete-then-put present, two puts the last.</summary>
    [Fact]
    public void Write_batch_applies_operations_in_order()
    {
        var store = Open();
        store.Put(Bytes.Of("deleted-then-put"), Bytes.Of("old"));
        store.Put(Bytes.Of("untouched"), Bytes.Of("u"));
        var batch = new WriteBatch()
            .Put(Bytes.Of("put-then-deleted"), Bytes.Of("x"))
            .Delete(Bytes.Of("put-then-deleted"))
            .Delete(Bytes.Of("deleted-then-put"))
            .Put(Bytes.Of("deleted-then-put"), Bytes.Of("new"))
            .Put(Bytes.Of("put-twice"), Bytes.Of("first"))
            .Put(Bytes.Of("put-twice"), Bytes.Of("second"))
            .Delete(Bytes.Of("never-existed"));

        store.Write(batch);

        for (var round = 0; round < 2; round++)
        {
            var context = round == 0 ? "" : "after reopen";
            AssertValue(store, Bytes.Of("put-then-deleted"), null, context);
            AssertValue(store, Bytes.Of("deleted-then-put"), Bytes.Of("new"), context);
            AssertValue(store, Bytes.Of("put-twice"), Bytes.Of("second"), context);
            AssertValue(store, Bytes.Of("untouched"), Bytes.Of("u"), context);
            AssertValue(store, Bytes.Of("never-existed"), null, context);
            store = Reopen(store);
        }
    }

    /// <summary>An empty batch changes nothing, and the store copies a batch: clearing and reusing it afterwards does not change what was written.</summary>
    [Fact]
    public void Empty_batch_is_a_no_op_and_a_written_batch_may_be_reused()
    {
        var store = Open();
        store.Put(Bytes.Of("k"), Bytes.Of("v"));

        store.Write(new WriteBatch());
        store.Write(new WriteBatch(), WriteOptions.Synced);
        AssertValue(store, Bytes.Of("k"), Bytes.Of("v"));

        var batch = new WriteBatch().Put(Bytes.Of("a"), Bytes.Of("1"));
        store.Write(batch);
        batch.Clear();
        batch.Put(Bytes.Of("b"), Bytes.Of("2"));
        store.Write(batch);
        AssertValue(store, Bytes.Of("a"), Bytes.Of("1"));
        AssertValue(store, Bytes.Of("b"), Bytes.Of("2"));
        store = Reopen(store);
        AssertValue(store, Bytes.Of("a"), Bytes.Of("1"), "after reopen");
        AssertValue(store, Bytes.Of("b"), Bytes.Of("2"), "after reopen");
    }

    // ---------------------------------------------------------------------------------------------
    // Crashes
    // ---------------------------------------------------------------------------------------------

    /// <summary>A synced 8 MiB value (larger than any engine's buffer) survives a crash that loses everything unsynced, and so does an unsynced write before it.</summary>
    [Fact]
    public void Large_synced_value_survives_a_crash()
    {
        SkipUnlessSimulated();
        var store = Open();
        var small = Bytes.Value(3, 10);
        var eight = Bytes.Value(2, 8 << 20);

        store.Put(Bytes.Of("before"), small);
        store.Put(Bytes.Of("1MiB+1"), Bytes.Value(1, (1 << 20) + 1));
        store.Put(Bytes.Of("8MiB"), eight, WriteOptions.Synced);

        store = CrashAndReopen(store, fs => fs.CrashLosingAllUnsynced());
        AssertValue(store, Bytes.Of("8MiB"), eight, "after a crash (the write was synced)");
        AssertValue(store, Bytes.Of("before"), small, "after a crash (a synced write followed)");
    }

    /// <summary>When the last write was synced, a crash of any kind keeps every write, synced or not, including deletes.</summary>
    [Fact]
    public void Synced_writes_survive_a_crash()
    {
        SkipUnlessSimulated();
        foreach (var (name, crash) in Crashes(seeds: 8))
        {
            _fileSystem = NewFileSystem();
            var store = Open();
            var model = new InMemoryKeyValueStore();
            var keys = Enumerable.Range(0, 20).Select(i => Bytes.Of($"key{i}")).ToList();
            for (var i = 0; i < 20; i++)
            {
                store.Put(keys[i], Bytes.Value(i, 10 + 37 * i), i % 5 == 4 ? WriteOptions.Synced : null);
                model.Put(keys[i], Bytes.Value(i, 10 + 37 * i));
            }

            store.Delete(keys[3], WriteOptions.Synced);
            model.Delete(keys[3]);
            store.Put(keys[4], Bytes.Value(99, 3));
            store.Delete(keys[5]);
            store.Write(new WriteBatch().Put(keys[6], Bytes.Value(98, 5)).Delete(keys[7]), WriteOptions.Synced);
            model.Put(keys[4], Bytes.Value(99, 3));
            model.Delete(keys[5]);
            model.Put(keys[6], Bytes.Value(98, 5));
            model.Delete(keys[7]);

            store = CrashAndReopen(store, crash);
            AssertMatches(store, model, keys, $"{name} after a synced last write");
            store = CrashAndReopen(store, crash);
            AssertMatches(store, model, keys, $"a second {name} right after recovery");
        }
    }

    /// <summary>
    /// The prefix property: after a crash the store holds the state after some prefix of the writes
    /// that contains every synced write (checked against the history of model states), for crashes
    /// that lose all, keep all and keep seeded random parts of what was not synced.
    /// </summary>
    [Fact]
    public void Crash_recovers_a_prefix_of_the_writes_that_includes_every_synced_write()
    {
        SkipUnlessSimulated();
        var dead = FileSystem;
        var store = Open();
        var history = new WriteHistory();
        var random = new Random(20261123);
        for (var i = 0; i < 60; i++)
        {
            var key = Bytes.Of($"k{random.Next(12)}");
            var sync = random.Next(8) == 0;
            var options = sync ? WriteOptions.Synced : null;
            switch (random.Next(6))
            {
                case 0:
                    store.Delete(key, options);
                    history.Delete(key, sync);
                    break;
                case 1:
                    var batch = new WriteBatch().Put(key, Bytes.Value(i, 30)).Delete(Bytes.Of($"k{random.Next(12)}")).Put(Bytes.Of($"k{random.Next(12)}"), Bytes.Value(-i, 700));
                    store.Write(batch, options);
                    history.Write(batch, sync);
                    break;
                default:
                    var value = Bytes.Value(i, random.Next(0, 1500));
                    store.Put(key, value, options);
                    history.Put(key, value, sync);
                    break;
            }
        }

        history.Floor.Should().BeGreaterThan(0).And.BeLessThan(history.Count, "the test needs synced writes followed by unsynced ones");
        Abandon(store);
        foreach (var (name, crash) in Crashes(seeds: 24))
        {
            var recovered = Open(crash(dead));
            history.MatchRecovered(recovered, name);
            recovered.Dispose();
        }
    }

    /// <summary>
    /// Recovery leaves a store that later writes can extend: after a crash that may tear an unsynced
    /// write, a synced write made after recovery survives the next crash (an engine that keeps the torn
    /// tail and appends after it loses that write at the second recovery).
    /// </summary>
    [Fact]
    public void Writes_after_recovery_survive_the_next_crash()
    {
        SkipUnlessSimulated();
        foreach (var (name, crash) in Crashes(seeds: 16))
        {
            _fileSystem = NewFileSystem();
            var store = Open();
            var history = new WriteHistory();
            store.Put(Bytes.Of("synced"), Bytes.Value(1, 100), WriteOptions.Synced);
            history.Put(Bytes.Of("synced"), Bytes.Value(1, 100), synced: true);
            store.Put(Bytes.Of("unsynced"), Bytes.Value(2, 5000));
            history.Put(Bytes.Of("unsynced"), Bytes.Value(2, 5000), synced: false);
            store.Write(new WriteBatch().Put(Bytes.Of("batch"), Bytes.Value(3, 3000)).Delete(Bytes.Of("synced")));
            history.Write(new WriteBatch().Put(Bytes.Of("batch"), Bytes.Value(3, 3000)).Delete(Bytes.Of("synced")), synced: false);

            store = CrashAndReopen(store, crash);
            history.Reset(history.MatchRecovered(store, $"first {name}"));
            store.Put(Bytes.Of("after-recovery"), Bytes.Value(4, 700), WriteOptions.Synced);
            history.Put(Bytes.Of("after-recovery"), Bytes.Value(4, 700), synced: true);
            store = CrashAndReopen(store, fs => fs.CrashLosingAllUnsynced());
            history.MatchRecovered(store, $"a crash losing all unsynced after a synced write that followed recovery from a {name}");
        }
    }

    /// <summary>
    /// Power lost at every counted file-system operation of a workload (puts, deletes, batches, synced
    /// and not): the write that was interrupted may or may not survive, but what recovers is always an
    /// allowed prefix, for each kind of crash.
    /// </summary>
    [Fact]
    public void Power_loss_at_any_operation_recovers_a_prefix()
    {
        SkipUnlessSimulated();
        var completed = false;
        for (var cut = 0; !completed; cut++)
        {
            cut.Should().BeLessThan(10_000, "the workload should finish once power is never cut");
            var fileSystem = NewFileSystem();
            var store = Open(fileSystem);
            var history = new WriteHistory();
            fileSystem.PowerLossAfter = fileSystem.OperationCount + cut;
            completed = RunSmallWorkload(store, history);
            Abandon(store);
            foreach (var (name, crash) in Crashes(seeds: 1).Append(($"crash with seed {1000 + cut}", fs => fs.Crash(new Random(1000 + cut)))))
            {
                var recovered = Open(crash(fileSystem));
                history.MatchRecovered(recovered, $"power lost at operation {cut + 1} of the workload ({(completed ? "it completed" : "it was interrupted")}), then {name}");
                recovered.Dispose();
            }
        }
    }

    /// <summary>Runs 14 writes, recording each in <paramref name="history"/>; false if the power went (the interrupted write is recorded as unsynced: it may or may not have happened).</summary>
    private static bool RunSmallWorkload(IKeyValueStore store, WriteHistory history)
    {
        (Action Write, Action<bool> Record, bool Sync) Step(Action<WriteOptions?> write, Action<bool> record, bool sync) =>
            (() => write(sync ? WriteOptions.Synced : null), record, sync);

        var k = Enumerable.Range(0, 6).Select(i => Bytes.Of($"key-{i}")).ToArray();
        var batch = new WriteBatch().Put(k[4], Bytes.Value(40, 300)).Delete(k[0]).Put(k[5], Bytes.Value(50, 20));
        var bigBatch = new WriteBatch();
        for (var i = 0; i < 6; i++)
        {
            bigBatch.Put(k[i], Bytes.Value(60 + i, 200));
        }

        var steps = new List<(Action Write, Action<bool> Record, bool Sync)>
        {
            Step(o => store.Put(k[0], Bytes.Value(1, 10), o), s => history.Put(k[0], Bytes.Value(1, 10), s), false),
            Step(o => store.Put(k[1], Bytes.Value(2, 600), o), s => history.Put(k[1], Bytes.Value(2, 600), s), true),
            Step(o => store.Put(k[2], Bytes.Value(3, 0), o), s => history.Put(k[2], Bytes.Value(3, 0), s), false),
            Step(o => store.Delete(k[1], o), s => history.Delete(k[1], s), false),
            Step(o => store.Write(batch, o), s => history.Write(batch, s), false),
            Step(o => store.Put(k[3], Bytes.Value(4, 1100), o), s => history.Put(k[3], Bytes.Value(4, 1100), s), true),
            Step(o => store.Put(k[3], Bytes.Value(5, 7), o), s => history.Put(k[3], Bytes.Value(5, 7), s), false),
            Step(o => store.Write(bigBatch, o), s => history.Write(bigBatch, s), true),
            Step(o => store.Delete(k[2], o), s => history.Delete(k[2], s), false),
            Step(o => store.Put(k[1], Bytes.Value(6, 50), o), s => history.Put(k[1], Bytes.Value(6, 50), s), false),
            Step(o => store.Write(batch, o), s => history.Write(batch, s), true),
            Step(o => store.Delete(k[5], o), s => history.Delete(k[5], s), false),
            Step(o => store.Put(k[0], Bytes.Value(7, 513), o), s => history.Put(k[0], Bytes.Value(7, 513), s), false),
            Step(o => store.Put(k[2], Bytes.Value(8, 9), o), s => history.Put(k[2], Bytes.Value(8, 9), s), false),
        };

        foreach (var (write, record, sync) in steps)
        {
            try
            {
                write();
            }
            catch (IOException)
            {
                record(false);
                return false;
            }

            record(sync);
        }

        return true;
    }

    /// <summary>
    /// A batch cut by a power loss at each of its file-system operations, then each kind of crash: the
    /// store holds all of the batch or none of it, never a part; all of it once the synced Write returned.
    /// </summary>
    [Fact]
    public void Batch_cut_by_power_loss_is_all_or_nothing()
    {
        SkipUnlessSimulated();
        var keys = Enumerable.Range(0, 8).Select(i => Bytes.Of($"batch-{i}")).ToList();
        var before = new InMemoryKeyValueStore();
        var completed = false;
        for (var cut = 0; !completed; cut++)
        {
            cut.Should().BeLessThan(10_000, "the batch should complete once power is never cut");
            var fileSystem = NewFileSystem();
            var store = Open(fileSystem);
            store.Put(keys[0], Bytes.Value(100, 40));
            store.Put(keys[1], Bytes.Value(101, 40), WriteOptions.Synced);
            before = new InMemoryKeyValueStore([new(keys[0], Bytes.Value(100, 40)), new(keys[1], Bytes.Value(101, 40))]);
            var batch = new WriteBatch().Delete(keys[0]).Put(keys[1], Bytes.Value(102, 333));
            for (var i = 2; i < keys.Count; i++)
            {
                batch.Put(keys[i], Bytes.Value(i, 700));
            }

            var after = before.Clone();
            after.Write(batch);
            fileSystem.PowerLossAfter = fileSystem.OperationCount + cut;
            try
            {
                store.Write(batch, WriteOptions.Synced);
                completed = true;
            }
            catch (IOException)
            {
            }

            Abandon(store);
            foreach (var (name, crash) in Crashes(seeds: 1).Append(($"crash with seed {cut}", fs => fs.Crash(new Random(cut)))))
            {
                var recovered = Open(crash(fileSystem));
                var context = $"power lost at operation {cut + 1} of a synced batch ({(completed ? "Write returned" : "Write was interrupted")}), then {name}";
                var all = Matches(recovered, after, keys);
                if (completed)
                {
                    all.Should().BeTrue($"{context}: the synced batch returned, so all of it must survive");
                }
                else
                {
                    (all || Matches(recovered, before, keys)).Should().BeTrue(
                        $"{context}: the store must hold all of the batch or none of it; it holds " +
                        string.Join(", ", keys.Select(k => $"{Bytes.Describe(k)} = {Bytes.Describe(recovered.Get(k))}")));
                }

                recovered.Dispose();
            }
        }
    }

    /// <summary>An unsynced batch followed by a crash of any kind is all there or all gone.</summary>
    [Fact]
    public void Unsynced_batch_is_all_or_nothing_after_a_crash()
    {
        SkipUnlessSimulated();
        var keys = Enumerable.Range(0, 12).Select(i => Bytes.Of($"b{i}")).ToList();
        var dead = FileSystem;
        var store = Open();
        store.Put(keys[0], Bytes.Value(0, 10), WriteOptions.Synced);
        var before = new InMemoryKeyValueStore([new(keys[0], Bytes.Value(0, 10))]);
        var batch = new WriteBatch().Delete(keys[0]);
        for (var i = 1; i < keys.Count; i++)
        {
            batch.Put(keys[i], Bytes.Value(i, 100 * i));
        }

        store.Write(batch);
        var after = before.Clone();
        after.Write(batch);
        Abandon(store);

        foreach (var (name, crash) in Crashes(seeds: 24))
        {
            var recovered = Open(crash(dead));
            (Matches(recovered, after, keys) || Matches(recovered, before, keys)).Should().BeTrue(
                $"after a {name} the store must hold all of an unsynced batch or none of it; it holds " +
                string.Join(", ", keys.Select(k => $"{Bytes.Describe(k)} = {Bytes.Describe(recovered.Get(k))}")));
            recovered.Dispose();
        }
    }

    private static bool Matches(IKeyValueStore store, InMemoryKeyValueStore model, IEnumerable<byte[]> keys) =>
        keys.All(key =>
        {
            var expected = model.Get(key);
            var actual = store.Get(key);
            return expected is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(expected);
        });

    // ---------------------------------------------------------------------------------------------
    // Faults of the medium
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// A bit flipped on the medium in every stored copy of a value (found by searching the store's files
    /// for the value's bytes) is never returned: opening the store or reading the key may throw a
    /// <see cref="Shared.IO.CorruptionException"/>, or the key may read as absent, but Get never returns
    /// bytes that were not written. Skipped if the value is not stored verbatim (a compressing engine).
    /// </summary>
    [Fact]
    public void Flipped_bit_in_a_stored_value_is_never_returned()
    {
        SkipUnlessSimulated();
        var store = Open();
        var target = Bytes.Of("target");
        var value = Bytes.Value(12345, 4096);
        for (var i = 0; i < 20; i++)
        {
            store.Put(Bytes.Of($"before-{i}"), Bytes.Value(i, 100));
        }

        store.Put(target, value);
        for (var i = 0; i < 20; i++)
        {
            store.Put(Bytes.Of($"after-{i}"), Bytes.Value(-i, 100), i == 19 ? WriteOptions.Synced : null);
        }

        store.Dispose();
        var copies = 0;
        foreach (var name in FileSystem.ListDirectory(StoreDirectory))
        {
            var path = StoreDirectory + "/" + name;
            if (!FileSystem.FileExists(path))
            {
                continue;
            }

            var contents = FileSystem.ReadAllBytes(path);
            for (var at = contents.AsSpan().IndexOf(value); at >= 0;)
            {
                FileSystem.Faults.FlipBit(path, at + 2048, 3);
                copies++;
                var next = contents.AsSpan(at + 1).IndexOf(value);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }

        Assert.SkipWhen(copies == 0, "the value is not stored verbatim in any file (compressed?), so the test cannot place the flip");
        IKeyValueStore reopened;
        byte[]? read;
        try
        {
            reopened = Open();
            read = reopened.Get(target);
        }
        catch (Shared.IO.CorruptionException)
        {
            return;
        }

        (read is null || read.AsSpan().SequenceEqual(value)).Should().BeTrue(
            $"a value whose stored bytes were corrupted ({copies} copies, bit 3 of byte 2048 flipped) must raise CorruptionException " +
            $"or read as absent, never be returned; Get returned {Bytes.Describe(read)}");
    }

    /// <summary>
    /// A synced write whose fsync fails throws an <see cref="IOException"/>; and if the store accepts a
    /// later synced write, that write survives a crash. (After a failed fsync Linux drops the dirty
    /// pages, so an engine that carries on and fsyncs again successfully has a hole where the failed
    /// write was: PostgreSQL's "fsyncgate". Refusing writes until reopen is the simple correct answer.)
    /// </summary>
    [Fact]
    public void Failed_sync_throws_and_no_later_synced_write_is_lost()
    {
        SkipUnlessSimulated();
        var store = Open();
        store.Put(Bytes.Of("a"), Bytes.Value(1, 300), WriteOptions.Synced);
        foreach (var name in FileSystem.ListDirectory(StoreDirectory))
        {
            if (FileSystem.FileExists(StoreDirectory + "/" + name))
            {
                FileSystem.Faults.FailSync(StoreDirectory + "/" + name, times: 1);
            }
        }

        store.Invoking(s => s.Put(Bytes.Of("b"), Bytes.Value(2, 300), WriteOptions.Synced)).Should().Throw<IOException>(
            "the fsync of a synced write failed, so the write must not return as if it were durable");
        bool accepted;
        try
        {
            store.Put(Bytes.Of("c"), Bytes.Value(3, 300), WriteOptions.Synced);
            accepted = true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            accepted = false;
        }

        store = CrashAndReopen(store, fs => fs.CrashLosingAllUnsynced());
        AssertValue(store, Bytes.Of("a"), Bytes.Value(1, 300), "a write synced before the failure");
        if (accepted)
        {
            AssertValue(store, Bytes.Of("c"), Bytes.Value(3, 300), "a synced write the store accepted after a failed fsync (it returned, so it is durable)");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Concurrency and the real disk
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// Two readers call Get while one writer overwrites eight keys 4,000 times: every value a reader
    /// sees is one the writer wrote for that key (never torn, mixed or another key's), and the run
    /// finishes within a minute.
    /// </summary>
    [Fact]
    public void Concurrent_readers_never_see_a_value_that_was_never_written()
    {
        const int Keys = 8;
        const int Writes = 4_000;
        var store = Open();
        var keys = Enumerable.Range(0, Keys).Select(i => Bytes.Of($"concurrent-{i}")).ToArray();
        for (var i = 0; i < Keys; i++)
        {
            store.Put(keys[i], VersionedValue(i, 0));
        }

        using var writerDone = new ManualResetEventSlim();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var reads = 0L;
        var writer = Task.Run(() =>
        {
            try
            {
                for (var version = 1; version <= Writes; version++)
                {
                    store.Put(keys[version % Keys], VersionedValue(version % Keys, version));
                }
            }
            finally
            {
                writerDone.Set();
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            do
            {
                for (var i = 0; i < Keys; i++)
                {
                    var value = store.Get(keys[i]);
                    Interlocked.Increment(ref reads);
                    if (value is null || !IsVersionedValue(i, value))
                    {
                        failures.Enqueue($"key {i}: read {Bytes.Describe(value)}, which the writer never wrote");
                    }
                }
            }
            while (!writerDone.IsSet && failures.IsEmpty);
        })).ToArray();

        Task.WaitAll([writer, .. readers], TimeSpan.FromMinutes(1)).Should().BeTrue("one writer and two readers should finish within a minute");
        failures.Should().BeEmpty();
        Interlocked.Read(ref reads).Should().BeGreaterThanOrEqualTo(2 * Keys);
        for (var i = 0; i < Keys; i++)
        {
            AssertValue(store, keys[i], VersionedValue(i, Writes - ((Writes - i) % Keys)), "after the writer finished");
        }
    }

    /// <summary>A value that names its key and version and repeats a pattern derived from both: any tearing or mix-up breaks the pattern.</summary>
    private static byte[] VersionedValue(int key, int version)
    {
        var length = 8 + (version * 31 % 500);
        var value = Bytes.Value((key * 100_003) + version, length);
        BitConverter.TryWriteBytes(value.AsSpan(0, 4), key);
        BitConverter.TryWriteBytes(value.AsSpan(4, 4), version);
        return value;
    }

    private static bool IsVersionedValue(int key, byte[] value) =>
        value.Length >= 8
        && BitConverter.ToInt32(value, 0) == key
        && value.AsSpan().SequenceEqual(VersionedValue(key, BitConverter.ToInt32(value, 4)));

    /// <summary>On the real file system (a temporary directory), writes, a delete and a batch survive Dispose and reopen.</summary>
    [Fact]
    public void Reopen_on_the_real_file_system_keeps_every_write()
    {
        using var temp = new TempDirectory("kv-contract");
        var directory = Path.Combine(temp.PathName, "db");
        RealFileSystem.Instance.CreateDirectory(directory);
        var model = new InMemoryKeyValueStore();
        var keys = Enumerable.Range(0, 100).Select(i => Bytes.Of($"real-{i}")).ToList();

        using (var store = Open(RealFileSystem.Instance, directory))
        {
            for (var i = 0; i < keys.Count; i++)
            {
                store.Put(keys[i], Bytes.Value(i, i * 50), i == keys.Count - 1 ? WriteOptions.Synced : null);
                model.Put(keys[i], Bytes.Value(i, i * 50));
            }

            store.Delete(keys[7]);
            model.Delete(keys[7]);
            var batch = new WriteBatch().Put(keys[8], Bytes.Of("batched")).Delete(keys[9]);
            store.Write(batch, WriteOptions.Synced);
            model.Write(batch);
        }

        using (var reopened = Open(RealFileSystem.Instance, directory))
        {
            AssertMatches(reopened, model, keys, "reopened on the real disk");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Model-based random test
    // ---------------------------------------------------------------------------------------------

    /// <summary>The kinds of step of the model-based test.</summary>
    private enum StepKind
    {
        Put,
        Delete,
        Batch,
        Get,
        Reopen,
        Crash,
    }

    /// <summary>One step: a kind, a key index, a value (seed, length), sync, and for a batch its operations (key index, value length or -1 for a delete).</summary>
    private sealed record ModelStep(StepKind Kind, int Key, int ValueSeed, int ValueLength, bool Sync, (int Key, int Length)[] BatchOperations)
    {
        public override string ToString() => Kind switch
        {
            StepKind.Put => $"Put(k{Key}, {ValueLength}B{(Sync ? ", sync" : "")})",
            StepKind.Delete => $"Delete(k{Key}{(Sync ? ", sync" : "")})",
            StepKind.Batch => $"Batch[{string.Join(" ", BatchOperations.Select(o => o.Length < 0 ? $"del k{o.Key}" : $"put k{o.Key} {o.Length}B"))}]{(Sync ? " sync" : "")}",
            StepKind.Get => $"Get(k{Key})",
            StepKind.Reopen => "Reopen",
            _ => ValueSeed < 0 ? "Crash(losing all unsynced)" : $"Crash(seed {ValueSeed})",
        };
    }

    /// <summary>The key universe of the model-based test: few keys (so writes collide), binary, prefixes of each other.</summary>
    private static readonly byte[][] ModelKeys =
    [
        [0], [0, 0], [1], [0xFF], [0x80, 0], Bytes.Of("a"), Bytes.Of("ab"), Bytes.Of("abc"),
        Bytes.Of("b"), Bytes.Of("key-0009"), Bytes.Of("key-0010"), [.. Bytes.Of("zz"), 0, 0xFF],
    ];

    private static Gen<ModelStep> ModelStepGen(bool crashes)
    {
        var key = Gen.Int[0, ModelKeys.Length - 1];
        var length = Gen.Frequency((6, Gen.Int[0, 64]), (3, Gen.Int[65, 2000]), (1, Gen.Int[2001, 70_000]));
        var sync = Gen.Int[0, 4].Select(n => n == 0);
        var none = Array.Empty<(int, int)>();
        var crash = Gen.Int[-1, 1_000_000].Select(seed => new ModelStep(StepKind.Crash, 0, seed, 0, false, none));
        return Gen.Frequency(
            (10, Gen.Select(key, Gen.Int, length, sync, (k, seed, len, s) => new ModelStep(StepKind.Put, k, seed, len, s, none))),
            (4, Gen.Select(key, sync, (k, s) => new ModelStep(StepKind.Delete, k, 0, 0, s, none))),
            (3, Gen.Select(Gen.Select(key, Gen.Frequency((3, length), (1, Gen.Const(-1)))).Array[1, 6], Gen.Int, sync,
                (ops, seed, s) => new ModelStep(StepKind.Batch, 0, seed, 0, s, ops))),
            (6, key.Select(k => new ModelStep(StepKind.Get, k, 0, 0, false, none))),
            (1, Gen.Const(new ModelStep(StepKind.Reopen, 0, 0, 0, false, none))),
            (crashes ? 2 : 0, crash));
    }

    /// <summary>
    /// Random sequences of puts, deletes, batches, gets, reopens and crashes (seeded by CsCheck, which
    /// shrinks a failing case and prints its seed: replay it with the environment variable
    /// <c>CsCheck_Seed=&lt;seed&gt;</c>), checked step by step against
    /// <see cref="InMemoryKeyValueStore"/>: every read equals the model, a reopen keeps every write,
    /// a crash leaves an allowed prefix (which the model then adopts). An engine that
    /// <see cref="RequiresRealDirectory"/> gets the same steps without the crashes.
    /// </summary>
    [Fact]
    public void Random_operations_with_reopens_and_crashes_match_the_model()
    {
        ModelStepGen(crashes: !RequiresRealDirectory).Array[1, 50].Sample(RunModelSteps, iter: 100, threads: 1);
    }

    private void RunModelSteps(ModelStep[] steps)
    {
        var fileSystem = NewFileSystem();
        var store = Open(fileSystem);
        var history = new WriteHistory();
        try
        {
            for (var i = 0; i < steps.Length; i++)
            {
                var step = steps[i];
                var context = $"step {i + 1} {step} of [{string.Join(", ", steps)}]";
                var options = step.Sync ? WriteOptions.Synced : null;
                switch (step.Kind)
                {
                    case StepKind.Put:
                        var value = Bytes.Value(step.ValueSeed, step.ValueLength);
                        store.Put(ModelKeys[step.Key], value, options);
                        history.Put(ModelKeys[step.Key], value, step.Sync);
                        break;
                    case StepKind.Delete:
                        store.Delete(ModelKeys[step.Key], options);
                        history.Delete(ModelKeys[step.Key], step.Sync);
                        break;
                    case StepKind.Batch:
                        var batch = new WriteBatch();
                        for (var j = 0; j < step.BatchOperations.Length; j++)
                        {
                            var (k, length) = step.BatchOperations[j];
                            _ = length < 0 ? batch.Delete(ModelKeys[k]) : batch.Put(ModelKeys[k], Bytes.Value(step.ValueSeed + j, length));
                        }

                        store.Write(batch, options);
                        history.Write(batch, step.Sync);
                        break;
                    case StepKind.Get:
                        AssertValue(store, ModelKeys[step.Key], history.Model.Get(ModelKeys[step.Key]), context);
                        break;
                    case StepKind.Reopen:
                        store.Dispose();
                        store = Open(fileSystem);
                        AssertMatches(store, history.Model, ModelKeys, context);
                        break;
                    case StepKind.Crash:
                        var crashed = step.ValueSeed < 0 ? fileSystem.CrashLosingAllUnsynced() : fileSystem.Crash(new Random(step.ValueSeed));
                        Abandon(store);
                        fileSystem = crashed;
                        store = Open(fileSystem);
                        history.Reset(history.MatchRecovered(store, context));
                        break;
                }
            }

            AssertMatches(store, history.Model, ModelKeys, $"at the end of [{string.Join(", ", steps)}]");
        }
        finally
        {
            Abandon(store);
        }
    }
}
