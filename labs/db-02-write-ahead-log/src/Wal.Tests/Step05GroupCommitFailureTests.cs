using System.Buffers.Binary;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal.Tests;

/// <summary>
/// Group commit under failure, disposal and a mixed load: every append's task completes exactly
/// once (no lost wake-up, no follower left waiting), a record whose batch failed is never
/// acknowledged, and a record that was refused is never in the log. The sync hook decides what
/// happens and when, so the interleavings that matter are forced, not hoped for.
/// </summary>
[Trait("Step", "05")]
public sealed class Step05GroupCommitFailureTests : IDisposable
{
    private static readonly TimeSpan Patience = Bounded.Patience;
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = StepTimeouts.GroupCommit)]
    public async Task A_failed_fsync_fails_every_follower_in_its_batch_not_only_the_leader()
    {
        var path = _dir.File("wal.log");
        using var syncEntered = new SemaphoreSlim(0);
        using var releaseFirstSync = new SemaphoreSlim(0);
        var syncCalls = 0;
        var options = new WalOptions
        {
            SyncOverride = _ =>
            {
                if (Interlocked.Increment(ref syncCalls) == 1)
                {
                    syncEntered.Release();
                    releaseFirstSync.Wait(Patience).Should().BeTrue();
                    return;
                }
                throw new IOException("EIO: fsync failed (injected)");
            },
        };
        await Bounded.Using(WriteAheadLog.Open(path, options), async wal =>
        {
            // Batch 1: the leader alone, held inside its (successful) sync while eight appends queue.
            var leader = Task.Run(async () => await wal.AppendAsync(LogFiles.Record(0, 10), durable: true, Ct), Ct);
            (await syncEntered.WaitAsync(Patience, Ct)).Should().BeTrue();
            var batch2 = await Bounded.Call("AppendAsync of records 1 to 8 (queued behind the first sync)", () =>
                Enumerable.Range(1, 8).Select(i => wal.AppendAsync(LogFiles.Record(i, 10), durable: i % 2 == 0, Ct).AsTask()).ToList());
            releaseFirstSync.Release();

            // Batch 2: all eight together (one leader, seven followers); its sync fails.
            await Bounded.Complete("The first leader's append (record 0)", leader);
            for (var i = 0; i < batch2.Count; i++)
            {
                var append = batch2[i];
                var failure = await FluentActions.Awaiting(() => Bounded.Complete($"The append of record {i + 1} (batch 2)", append)).Should().ThrowAsync<IOException>();
                failure.Which.Message.Should().Contain("EIO");
            }
            syncCalls.Should().Be(2, "the eight queued appends formed one batch with one sync, which failed");
            wal.Statistics.Should().Be(new WalStatistics(Records: 1, Bytes: 10, Batches: 1, Fsyncs: 1, LargestBatch: 1));
        });
    }

    [Fact(Timeout = StepTimeouts.GroupCommit)]
    public async Task Dispose_waits_for_queued_appends_which_all_complete_and_refuses_new_ones()
    {
        var path = _dir.File("wal.log");
        using var syncEntered = new SemaphoreSlim(0);
        using var releaseSync = new SemaphoreSlim(0);
        var syncCalls = 0;
        var options = new WalOptions
        {
            SyncOverride = _ =>
            {
                if (Interlocked.Increment(ref syncCalls) == 1)
                {
                    syncEntered.Release();
                    releaseSync.Wait(Patience).Should().BeTrue();
                }
            },
        };
        var wal = WriteAheadLog.Open(path, options);
        var leader = Task.Run(async () => await wal.AppendAsync(LogFiles.Record(0, 10), durable: true, Ct), Ct);
        (await syncEntered.WaitAsync(Patience, Ct)).Should().BeTrue();
        var queued = await Bounded.Call("AppendAsync of records 1 to 8 (queued behind the blocked sync)", () =>
            Enumerable.Range(1, 8).Select(i => wal.AppendAsync(LogFiles.Record(i, 10), durable: true, Ct).AsTask()).ToList());

        var dispose = Task.Run(wal.Dispose, Ct);
        // Append until Dispose has started refusing: every append accepted before that is queued
        // behind the blocked sync, and must still complete.
        var index = 9;
        while (true)
        {
            var probeIndex = index;
            var probe = await Bounded.Call($"AppendAsync of record {probeIndex} (while Dispose waits)", () => wal.AppendAsync(LogFiles.Record(probeIndex, 10), durable: false, Ct).AsTask());
            if (probe.IsFaulted)
            {
                await FluentActions.Awaiting(async () => await probe).Should().ThrowAsync<ObjectDisposedException>();
                break;
            }
            queued.Add(probe);
            index++;
            await Task.Yield();
        }
        dispose.IsCompleted.Should().BeFalse("appends are still queued behind the blocked sync");

        releaseSync.Release();
        await Bounded.Complete("WriteAheadLog.Dispose (waiting for the queued appends)", dispose);
        await Bounded.Complete("The leader's append (record 0)", leader);
        queued.Should().OnlyContain(t => t.IsCompletedSuccessfully, "Dispose returns only after every queued append completed");

        LogFiles.Read(path).Should().BeEquivalentTo(Enumerable.Range(0, index).Select(i => LogFiles.Record(i, 10)), o => o.WithStrictOrdering());
    }

    [Fact(Timeout = StepTimeouts.GroupCommit)]
    public async Task A_follower_whose_continuation_blocks_does_not_stall_the_rest_of_its_batch()
    {
        // If the leader ran followers' continuations inline while completing them, B's blocking
        // continuation would stop the leader before it completed C, and B would wait for C forever.
        var path = _dir.File("wal.log");
        using var hold = new FirstSyncHold();
        var options = hold.Options;
        await Bounded.Using(WriteAheadLog.Open(path, options), async wal =>
        {
            var leader = Task.Run(async () => await wal.AppendAsync(new byte[1], durable: true, Ct), Ct);
            (await hold.WaitUntilHeldAsync(Ct)).Should().BeTrue();

            // Batch 2: A leads, B and C follow, completed in that order.
            var (a, b, c) = await Bounded.Call("AppendAsync of A, B and C (queued behind the first sync)", () =>
                (wal.AppendAsync(new byte[2], durable: true, Ct).AsTask(), wal.AppendAsync(new byte[3], durable: true, Ct).AsTask(), wal.AppendAsync(new byte[4], durable: true, Ct).AsTask()));
            var bSawC = b.ContinueWith(_ => c.Wait(TimeSpan.FromSeconds(10)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            hold.Release();

            await Bounded.Complete("B's append", b);
            (await bSawC.WaitAsync(Patience, Ct)).Should().BeTrue("C completes while B's continuation is blocked");
            await Bounded.Complete("The appends of the first leader, A, B and C", Task.WhenAll(leader, a, b, c));
        });
    }

    [Fact(Timeout = StepTimeouts.GroupCommit)]
    public async Task A_small_leader_takes_at_most_128_KiB_more_so_its_own_latency_stays_small()
    {
        // LevelDB BuildBatchGroup: when the leader's record is at most 128 KiB, the batch stops at
        // the leader's size + 128 KiB instead of the 1 MiB maximum.
        var path = _dir.File("wal.log");
        using var syncEntered = new SemaphoreSlim(0);
        using var releaseFirstSync = new SemaphoreSlim(0);
        var syncCalls = 0;
        var options = new WalOptions
        {
            SyncOverride = _ =>
            {
                if (Interlocked.Increment(ref syncCalls) == 1)
                {
                    syncEntered.Release();
                    releaseFirstSync.Wait(Patience).Should().BeTrue();
                }
            },
        };
        await Bounded.Using(WriteAheadLog.Open(path, options), async wal =>
        {
            var leader = Task.Run(async () => await wal.AppendAsync(new byte[10], durable: true, Ct), Ct);
            (await syncEntered.WaitAsync(Patience, Ct)).Should().BeTrue();

            // Queued behind the first batch: a 10-byte record (the next leader), then three of 100 KiB.
            var queued = await Bounded.Call("AppendAsync of the 10-byte and the three 100 KiB records (queued behind the first sync)", () =>
            {
                var appends = new List<Task> { wal.AppendAsync(new byte[10], durable: true, Ct).AsTask() };
                appends.AddRange(Enumerable.Range(0, 3).Select(_ => wal.AppendAsync(new byte[100 * 1024], durable: true, Ct).AsTask()));
                return appends;
            });
            releaseFirstSync.Release();
            await Bounded.Complete("The five appends", Task.WhenAll(queued.Append(leader)));

            // Batches: [10] [10, 100 KiB] (a second 100 KiB would pass 10 B + 128 KiB) [100 KiB, 100 KiB].
            wal.Statistics.Should().Be(new WalStatistics(Records: 5, Bytes: 20 + (3 * 100 * 1024), Batches: 3, Fsyncs: 3, LargestBatch: 2));
        });
    }

    [Theory(Timeout = StepTimeouts.GroupCommit)]
    [InlineData(1, -1)]     // no failure: mixed sizes and durability, every task completes
    [InlineData(2, 3)]      // the 3rd sync fails
    [InlineData(3, 12)]
    public async Task Under_mixed_load_every_append_completes_once_and_no_refused_record_is_logged(int seed, int failingSync)
    {
        const int Writers = 24;
        const int PerWriter = 30;
        var path = _dir.File("wal.log");
        var syncCalls = 0;
        var options = new WalOptions
        {
            MaxBatchBytes = 256 * 1024,
            SyncOverride = file =>
            {
                if (Interlocked.Increment(ref syncCalls) == failingSync)
                {
                    throw new IOException("EIO: fsync failed (injected)");
                }
                file.Sync();
            },
        };
        var outcomes = new string?[Writers, PerWriter];   // null = acknowledged, else the failure kind
        long clock = 0;
        var submitted = new long[Writers, PerWriter];
        var acknowledged = new long[Writers, PerWriter];
        var random = new Random(seed);
        var plan = Enumerable.Range(0, Writers)
            .Select(_ => Enumerable.Range(0, PerWriter).Select(_ => (Size: random.Next(10) == 0 ? random.Next(100_000, 300_000) : random.Next(8, 2_000), Durable: random.Next(3) != 0)).ToArray())
            .ToArray();

        await Bounded.Using(WriteAheadLog.Open(path, options), async wal =>
        {
            var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                for (var s = 0; s < PerWriter; s++)
                {
                    try
                    {
                        submitted[w, s] = Interlocked.Increment(ref clock);
                        await wal.AppendAsync(MakeRecord(w, s, plan[w][s].Size), plan[w][s].Durable, Ct);
                        acknowledged[w, s] = Interlocked.Increment(ref clock);
                    }
                    catch (IOException e)
                    {
                        outcomes[w, s] = e.Message.Contains("refuses writes after an earlier", StringComparison.Ordinal) ? "refused" : "batch failed";
                    }
                }
            }, Ct)).ToArray();
            await Bounded.Complete($"Some of the {Writers} writers' appends (seed {seed})", Task.WhenAll(tasks));
        });

        var inLog = new HashSet<(int, int)>();
        using (var reader = LogReader.Open(path))
        {
            while (reader.TryReadRecord(out var record))
            {
                var key = (BinaryPrimitives.ReadInt32LittleEndian(record.Span), BinaryPrimitives.ReadInt32LittleEndian(record.Span[4..]));
                inLog.Add(key).Should().BeTrue($"{key} is logged once");
                record.Length.Should().Be(plan[key.Item1][key.Item2].Size);
            }
        }

        var failed = false;
        for (var w = 0; w < Writers; w++)
        {
            for (var s = 0; s < PerWriter; s++)
            {
                switch (outcomes[w, s])
                {
                    case null when plan[w][s].Durable || failingSync < 0:
                        inLog.Should().Contain((w, s), $"({w},{s}) was acknowledged (seed {seed})");
                        break;
                    case null when !inLog.Contains((w, s)):
                        // A failed fsync cuts the log back to its last successful sync, which takes
                        // the non-durable records acknowledged since then with it; a record that a
                        // later successful sync covered (one of a durable record submitted after
                        // this one was acknowledged, so later in the log) must still be there.
                        var coveredBy = DurableAcknowledgedAfter(acknowledged[w, s]);
                        coveredBy.Should().BeNull($"({w},{s}) was acknowledged before the durable record {coveredBy} was submitted, whose sync succeeded (seed {seed})");
                        break;
                    case null:
                        break;
                    case "refused":
                        inLog.Should().NotContain((w, s), $"({w},{s}) was refused, so it was never written (seed {seed})");
                        break;
                    default:
                        failed = true;   // its bytes may or may not have reached the file before the fsync failed
                        break;
                }
                if (s > 0 && outcomes[w, s - 1] is not null)
                {
                    outcomes[w, s].Should().NotBeNull($"a poisoned log refuses every later append ({w},{s}, seed {seed})");
                }
            }
        }
        failed.Should().Be(failingSync > 0, "only an injected fsync failure fails a batch");

        (int, int)? DurableAcknowledgedAfter(long time)
        {
            for (var w = 0; w < Writers; w++)
            {
                for (var s = 0; s < PerWriter; s++)
                {
                    if (outcomes[w, s] is null && plan[w][s].Durable && submitted[w, s] > time)
                    {
                        return (w, s);
                    }
                }
            }
            return null;
        }
    }

    [Theory(Timeout = StepTimeouts.GroupCommit)]
    [InlineData("Pessimistic")]
    [InlineData("Ext4Ordered")]
    public async Task A_log_reopened_after_a_failed_fsync_keeps_every_later_acknowledged_record_through_a_crash(string modelName)
    {
        // A failed fsync leaves its batch in the page cache, marked clean: reads return it, no later
        // fsync writes it, and any part of it may be on disk. If a log reopened without a crash kept
        // those records, the records it acknowledges next would follow bytes whose fate is unknown,
        // and a crash that lost some of them would cut the acknowledged ones off (recovery keeps a
        // prefix). The poisoned log must leave nothing of the failed batch behind.
        var model = modelName == nameof(CrashModel.Ext4Ordered) ? CrashModel.Ext4Ordered : CrashModel.Pessimistic;
        const string Path = "/db/wal.log";
        var fs = new SimulatedFileSystem(model);
        fs.CreateDirectory("/db");
        fs.SyncDirectory("/");
        await Bounded.Using(WriteAheadLog.Open(fs, Path), async wal =>
        {
            await Bounded.Append(wal, "record 0", LogFiles.Record(0, 100), durable: true);
            await Bounded.Append(wal, "record 1", LogFiles.Record(1, 30_000), durable: true);
            await Bounded.Append(wal, "record 2 (not durable)", LogFiles.Record(2, 3_000), durable: false);
            fs.Faults.FailSync(Path);
            await FluentActions.Awaiting(() => Bounded.Append(wal, "record 3 (its fsync fails)", LogFiles.Record(3, 5_000), durable: true)).Should().ThrowAsync<IOException>();
        });

        await Bounded.Using(WriteAheadLog.Open(fs, Path), async reopened =>
        {
            reopened.Recovery!.Records.Should().Be(2, "nothing that the failed fsync covered is left in the log");
            await Bounded.Append(reopened, "record 4 (after reopening)", LogFiles.Record(4, 2_000), durable: true);
            await Bounded.Append(reopened, "record 5 (after reopening)", LogFiles.Record(5, 40_000), durable: true);
        });

        byte[][] acknowledged = [LogFiles.Record(0, 100), LogFiles.Record(1, 30_000), LogFiles.Record(4, 2_000), LogFiles.Record(5, 40_000)];
        var wrong = new List<string>();
        for (var seed = 0; seed < 100; seed++)
        {
            var afterCrash = fs.Crash(new Random(seed));
            LogRecovery.Recover(afterCrash, Path);
            using var reader = LogReader.Open(afterCrash, Path);
            var read = reader.ReadRecords().ToList();
            if (read.Count != acknowledged.Length || !read.Zip(acknowledged).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second)))
            {
                wrong.Add($"crash seed {seed}: {read.Count} records read, not records 0, 1, 4 and 5");
            }
        }
        wrong.Should().BeEmpty("every acknowledged durable record survives every crash, and only those");
    }

    private static byte[] MakeRecord(int writer, int seq, int size)
    {
        var record = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(record, writer);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), seq);
        return record;
    }
}
