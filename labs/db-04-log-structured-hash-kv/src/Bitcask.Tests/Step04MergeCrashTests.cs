namespace FromScratch.Bitcask.Tests;

/// <summary>
/// A merge interrupted by a power loss at every one of its file-system operations recovers to the
/// same contents (all writes were synced before the merge began), whatever unsynced state the crash
/// keeps: the switch-over is atomic.
/// </summary>
[Trait("Step", "04")]
public sealed class Step04MergeCrashTests
{
    private static readonly BitcaskOptions Options = new() { MaxFileSize = 1024 };

    // A store with garbage in several closed files, every write durable; returns the model.
    // With mergeFirst, a first merge moves the live puts into outputs numbered above the active
    // file, and then some of those keys are deleted: the tombstones land in a file numbered BELOW the
    // puts they shadow, so the crashed (second) merge deletes a tombstone's file before the file of
    // the put it shadows. Only the MERGE commit record keeps a crash between those deletions from
    // resurrecting the key.
    private static (BitcaskStore Store, Dictionary<int, byte[]?> Model) Prepare(SimulatedFileSystem fs, bool mergeFirst)
    {
        var store = BitcaskStore.Open(fs, TestData.Db, Options);
        var model = new Dictionary<int, byte[]?>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 25; i++)
            {
                var value = TestData.Value((round * 100) + i, 60);
                store.Put(TestData.Key(i), value);
                model[i] = value;
            }
        }
        for (var i = 0; i < 25; i += 4)
        {
            store.Delete(TestData.Key(i));
            model[i] = null;
        }
        if (mergeFirst)
        {
            store.Merge();
            foreach (var i in new[] { 1, 5, 9, 13, 17 })
            {
                store.Delete(TestData.Key(i));
                model[i] = null;
            }
            store.Put(TestData.Key(2), TestData.Value(999, 60));
            model[2] = TestData.Value(999, 60);
        }
        store.Put(TestData.Text("last"), TestData.Text("synced"), WriteOptions.Synced);
        return (store, model);
    }

    private static List<string> Differences(BitcaskStore store, Dictionary<int, byte[]?> model)
    {
        var differences = new List<string>();
        foreach (var (i, expected) in model)
        {
            var actual = store.Get(TestData.Key(i));
            if (!(expected is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(expected)))
            {
                differences.Add($"key {i}: expected {(expected is null ? "absent" : $"{expected.Length} bytes")}, found {(actual is null ? "absent" : $"{actual.Length} bytes")}");
            }
        }
        if (store.Get(TestData.Text("last")) is null)
        {
            differences.Add("key 'last' lost");
        }
        return differences;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Power_loss_at_every_operation_of_a_merge_recovers_the_same_contents(bool mergeFirst)
    {
        // Count the merge's operations once.
        var reference = TestData.NewSimulator();
        var (referenceStore, _) = Prepare(reference, mergeFirst);
        var before = reference.OperationCount;
        var result = referenceStore.Merge();
        var mergeOperations = reference.OperationCount - before;
        result.OutputFiles.Should().HaveCountGreaterThan(1, "the test needs a merge that writes several outputs");
        referenceStore.Dispose();

        var failures = new List<string>();
        var crashes = new (string Name, Func<SimulatedFileSystem, SimulatedFileSystem> Crash)[]
        {
            ("losing all unsynced", fs => fs.CrashLosingAllUnsynced()),
            ("keeping all unsynced", fs => fs.CrashKeepingAllUnsynced()),
            ("seed 1", fs => fs.Crash(new Random(1))),
            ("seed 2", fs => fs.Crash(new Random(2))),
        };
        var sawCompletedMerge = false;
        var sawDiscardedMerge = false;
        for (var k = 0; k <= mergeOperations; k++)
        {
            var fs = TestData.NewSimulator();
            var (store, model) = Prepare(fs, mergeFirst);
            fs.PowerLossAfter = fs.OperationCount + k;
            try
            {
                store.Merge();
                k.Should().Be((int)mergeOperations, "only the last crash point lets the merge finish");
            }
            catch (PowerLossException)
            {
            }

            foreach (var (name, crash) in crashes)
            {
                var crashed = crash(fs);
                try
                {
                    using var recovered = BitcaskStore.Open(crashed, TestData.Db, Options);
                    sawCompletedMerge |= recovered.Recovery.CompletedMerge;
                    sawDiscardedMerge |= recovered.Recovery.DiscardedMergeFiles.Count > 0;
                    var differences = Differences(recovered, model);
                    if (recovered.Recovery.FoundCorruption)
                    {
                        differences.Add($"recovery reported corruption: {string.Join("; ", recovered.Recovery.Damage)} {string.Join("; ", recovered.Recovery.RejectedHints)}");
                    }
                    crashed.ListDirectory(TestData.Db).Should().NotContain(n => n.EndsWith(".merge", StringComparison.Ordinal) || n.StartsWith("MERGE", StringComparison.Ordinal));
                    recovered.Merge();   // and the recovered store can merge again
                    differences.AddRange(Differences(recovered, model).Select(d => $"after a second merge: {d}"));
                    if (differences.Count > 0)
                    {
                        failures.Add($"power lost after merge operation {k} of {mergeOperations}, crash {name}: {string.Join(", ", differences)}");
                    }
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or KeyNotFoundException)
                {
                    failures.Add($"power lost after merge operation {k} of {mergeOperations}, crash {name}: recovery failed: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        failures.Should().BeEmpty();
        sawCompletedMerge.Should().BeTrue("some crash points fall between the commit and the end of the switch-over");
        sawDiscardedMerge.Should().BeTrue("some crash points fall before the commit, after outputs were created");
    }
}
