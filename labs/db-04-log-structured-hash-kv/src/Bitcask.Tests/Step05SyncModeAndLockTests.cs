namespace FromScratch.Bitcask.Tests;

[Trait("Step", "05")]
public sealed class Step05SyncModeAndLockTests
{
    private const int Timeout = 30_000;

    private static BitcaskStore Open(IFileSystem fs, SyncMode mode) =>
        BitcaskStore.Open(fs, TestData.Db, new BitcaskOptions { SyncMode = mode });

    [Fact]
    public void SyncMode_None_leaves_unsynced_writes_to_the_OS_and_a_synced_write_makes_them_durable()
    {
        var fs = TestData.NewSimulator();
        var store = Open(fs, SyncMode.None);
        store.Put(TestData.Text("a"), TestData.Text("1"));
        store.Put(TestData.Text("b"), TestData.Text("2"));
        store.Statistics.Fsyncs.Should().Be(0);

        using (var lost = BitcaskStore.Open(fs.CrashLosingAllUnsynced(), TestData.Db))
        {
            lost.Get(TestData.Text("a")).Should().BeNull("nothing was synced");
        }

        fs = TestData.NewSimulator();
        store = Open(fs, SyncMode.None);
        store.Put(TestData.Text("a"), TestData.Text("1"));
        store.Put(TestData.Text("b"), TestData.Text("2"), WriteOptions.Synced);
        store.Statistics.Fsyncs.Should().Be(1);
        using var kept = BitcaskStore.Open(fs.CrashLosingAllUnsynced(), TestData.Db);
        kept.Get(TestData.Text("a")).Should().Equal(TestData.Text("1"), "the sync of b covers every earlier write");
        kept.Get(TestData.Text("b")).Should().Equal(TestData.Text("2"));
    }

    [Fact]
    public void A_synced_delete_of_an_already_deleted_key_makes_the_earlier_delete_durable()
    {
        var fs = TestData.NewSimulator();
        var store = Open(fs, SyncMode.None);
        store.Put(TestData.Text("k"), TestData.Text("v"), WriteOptions.Synced);
        store.Delete(TestData.Text("k"));
        store.Delete(TestData.Text("k"), WriteOptions.Synced);   // writes nothing, but must sync

        using var recovered = BitcaskStore.Open(fs.CrashLosingAllUnsynced(), TestData.Db);
        recovered.Get(TestData.Text("k")).Should().BeNull();
    }

    [Theory]
    [InlineData(SyncMode.Always)]
    [InlineData(SyncMode.GroupCommit)]
    public void Durable_modes_make_every_write_durable_on_return(SyncMode mode)
    {
        var fs = TestData.NewSimulator();
        var store = Open(fs, mode);
        for (var i = 0; i < 10; i++)
        {
            store.Put(TestData.Key(i), TestData.Value(i, 20));
        }
        store.Delete(TestData.Key(3));
        store.Write(new WriteBatch().Put(TestData.Text("batch"), TestData.Text("x")).Delete(TestData.Key(4)));
        store.Statistics.Fsyncs.Should().Be(12, "one writer at a time: one fsync per write, in both modes");

        using var recovered = BitcaskStore.Open(fs.CrashLosingAllUnsynced(), TestData.Db);
        for (var i = 0; i < 10; i++)
        {
            recovered.Get(TestData.Key(i)).Should().Equal(i is 3 or 4 ? null : TestData.Value(i, 20));
        }
        recovered.Get(TestData.Text("batch")).Should().Equal(TestData.Text("x"));
    }

    [Fact]
    public async Task Group_commit_shares_one_fsync_among_the_writers_that_queued_during_the_previous_one()
    {
        // The first writer's fsync is held until seven more writers have appended their records;
        // those seven then share the next fsync: 8 writes, 2 fsyncs. Deterministic: no timing.
        const int Followers = 7;
        var sim = TestData.NewSimulator();
        var hooked = new HookedFileSystem(sim);
        var store = Open(hooked, SyncMode.GroupCommit);
        using var firstSyncStarted = new ManualResetEventSlim();
        using var releaseFirstSync = new ManualResetEventSlim();
        using var appended = new CountdownEvent(Followers);
        var syncs = 0;
        hooked.OnSync = path =>
        {
            if (path.EndsWith(".data", StringComparison.Ordinal) && Interlocked.Increment(ref syncs) == 1)
            {
                firstSyncStarted.Set();
                releaseFirstSync.Wait(Timeout).Should().BeTrue("the test releases the first sync");
            }
        };
        hooked.OnWrite = path =>
        {
            if (firstSyncStarted.IsSet)
            {
                appended.Signal();
            }
        };

        var ct = TestContext.Current.CancellationToken;
        // Dedicated threads (LongRunning): eight blocked pool threads would wait on thread injection.
        Task Writer(Action put) => Task.Factory.StartNew(put, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var leader = Writer(() => store.Put(TestData.Text("leader"), TestData.Text("0")));
        firstSyncStarted.Wait(Timeout, ct).Should().BeTrue("the first writer leads an fsync");
        var writers = Enumerable.Range(0, Followers)
            .Select(i => Writer(() => store.Put(TestData.Key(i), TestData.Value(i, 10))))
            .ToArray();
        appended.Wait(Timeout, ct).Should().BeTrue("every follower appends while the first fsync is held");
        releaseFirstSync.Set();
        await Task.WhenAll(writers.Append(leader)).WaitAsync(TimeSpan.FromMilliseconds(Timeout), ct);

        var stats = store.Statistics;
        stats.RecordsWritten.Should().Be(8);
        stats.Fsyncs.Should().Be(2, "the seven followers share one fsync");
        stats.Fsyncs.Should().BeLessThan(stats.RecordsWritten);
        var crashed = sim.CrashLosingAllUnsynced();
        FluentActions.Invoking(store.Dispose).Should().Throw<PowerLossException>("the crash cut the power of the old file system");
        using var recovered = BitcaskStore.Open(crashed, TestData.Db);
        for (var i = 0; i < Followers; i++)
        {
            recovered.Get(TestData.Key(i)).Should().Equal(TestData.Value(i, 10), "every acknowledged write is durable");
        }
    }

    [Fact]
    public void A_failed_fsync_makes_the_store_refuse_writes_until_reopened()
    {
        var fs = TestData.NewSimulator();
        var store = Open(fs, SyncMode.None);
        store.Put(TestData.Text("durable"), TestData.Text("1"), WriteOptions.Synced);
        fs.Faults.FailSync(TestData.DataFile(TestData.Db, 1));

        var act = () => store.Put(TestData.Text("failed"), TestData.Text("2"), WriteOptions.Synced);
        act.Should().Throw<IOException>();
        var again = () => store.Put(TestData.Text("later"), TestData.Text("3"), WriteOptions.Synced);
        again.Should().Throw<IOException>().WithMessage("*refuses writes*");
        store.Get(TestData.Text("durable")).Should().Equal(TestData.Text("1"), "reads still work");
        store.Dispose();

        using var reopened = Open(fs.CrashLosingAllUnsynced(), SyncMode.None);
        reopened.Get(TestData.Text("durable")).Should().Equal(TestData.Text("1"));
        reopened.Get(TestData.Text("failed")).Should().BeNull("its fsync failed: it was never acknowledged, and Linux dropped the dirty pages");
        reopened.Put(TestData.Text("later"), TestData.Text("3"), WriteOptions.Synced);
    }

    [Fact]
    public void Second_open_of_the_same_directory_fails_with_FileLockedException()
    {
        var fs = TestData.NewSimulator();
        var first = Open(fs, SyncMode.None);
        var act = () => Open(fs, SyncMode.None);
        act.Should().Throw<FileLockedException>();

        first.Dispose();
        using var second = Open(fs, SyncMode.None);
        second.Put(TestData.Text("a"), TestData.Text("1"));
    }

    [Fact]
    public void Second_open_on_the_real_file_system_fails_with_FileLockedException()
    {
        using var dir = new TempDirectory("bitcask");
        using var first = BitcaskStore.Open(dir.PathName);
        var act = () => BitcaskStore.Open(dir.PathName);
        act.Should().Throw<FileLockedException>().Which.FilePath.Should().Be(Path.Combine(dir.PathName, "LOCK"));
    }

    [Fact]
    public void Use_after_dispose_throws_and_dispose_is_idempotent()
    {
        var store = Open(TestData.NewSimulator(), SyncMode.None);
        store.Dispose();
        store.Dispose();
        FluentActions.Invoking(() => store.Get(TestData.Text("a"))).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => store.Put(TestData.Text("a"), [])).Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => store.Merge()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task A_group_commit_write_returns_only_after_an_fsync_that_follows_it()
    {
        // Each writer notes the simulator's operation count right after its record's write (the
        // hook runs on the writing thread), and when its Put returns checks the trace for a sync
        // of that file after it (before it signals). The leader's fsync waits (bounded) for a Put to return first,
        // so a leader that told its followers "durable" before syncing is caught in the act.
        var ct = TestContext.Current.CancellationToken;
        var simulator = TestData.NewSimulator();
        var lastWrite = new ThreadLocal<long>();
        using var returned = new ManualResetEventSlim(false);
        var heldSyncs = 0;
        var writes = 0;
        var fs = new HookedFileSystem(simulator)
        {
            OnWrite = _ =>
            {
                lastWrite.Value = simulator.OperationCount;
                Interlocked.Increment(ref writes);
            },
            OnSynced = path =>
            {
                // Let two more writers append after this fsync, so that the next leader has a follower
                // whose record no earlier fsync covered.
                if (path.EndsWith(".data", StringComparison.Ordinal) && Volatile.Read(ref heldSyncs) <= 40)
                {
                    var before = Volatile.Read(ref writes);
                    SpinWait.SpinUntil(() => Volatile.Read(ref writes) >= before + 2, TimeSpan.FromMilliseconds(20));
                }
            },
            OnSync = path =>
            {
                if (path.EndsWith(".data", StringComparison.Ordinal) && Interlocked.Increment(ref heldSyncs) <= 40)
                {
                    returned.Reset();   // a Put that returned before this sync started was already checked
                    returned.Wait(TimeSpan.FromMilliseconds(20), ct);
                }
            },
        };
        var store = BitcaskStore.Open(fs, TestData.Db, new BitcaskOptions { SyncMode = SyncMode.GroupCommit });
        const int Writers = 4;
        const int PerWriter = 30;
        var violations = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Writers);

        void Write(int writer)
        {
            start.SignalAndWait(ct);
            for (var i = 0; i < PerWriter; i++)
            {
                store.Put(TestData.Key((writer * PerWriter) + i), TestData.Value(i, 20));
                var written = lastWrite.Value;
                var path = TestData.DataFile(TestData.Db, store.Statistics.ActiveFileId);
                if (!simulator.Trace.Any(op => op.Index > written && op.Kind == FileSystemOperationKind.Sync && op.Path == path))
                {
                    violations.Enqueue($"writer {writer}, put {i}: returned with no fsync of {path} after its write (operation {written})");
                }
                returned.Set();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(() => Write(w), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)))
            .WaitAsync(TimeSpan.FromMinutes(2), ct);

        violations.Should().BeEmpty();
        store.Statistics.Fsyncs.Should().BeLessThan(Writers * PerWriter, "followers share the leader's fsync");
        store.Dispose();
    }
}
