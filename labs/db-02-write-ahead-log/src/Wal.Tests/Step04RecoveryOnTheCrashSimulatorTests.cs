using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal.Tests;

/// <summary>
/// Recovery on db-03's crash simulator: recover a log with a torn tail, append, crash, and check
/// that every acknowledged record survives and that nothing recovery cut ever comes back. A cut
/// that is not fsynced is undone by the next crash, and with it the torn bytes (or intact records
/// after the first damage, which recovery discarded to keep the log a prefix) reappear.
/// </summary>
[Trait("Step", "04")]
public sealed class Step04RecoveryOnTheCrashSimulatorTests : IDisposable
{
    private const int Block = LogFormat.BlockSize;
    private const string LogDirectory = "/db";
    private const string LogPath = "/db/wal.log";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public enum Appends
    {
        None,
        Flushed,
        Synced,
    }

    [Theory]
    [InlineData(Appends.None)]
    [InlineData(Appends.Flushed)]
    [InlineData(Appends.Synced)]
    public void The_cut_recovery_makes_survives_a_power_failure(Appends appends)
    {
        // A durable log: two records, then a third cut in the middle of its second block (a torn tail).
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, 5_000), LogFiles.Record(2, 3 * Block)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        var fs = SimulatedWithDurableLog(log.AsSpan(0, (int)ends[1] + Block + 123).ToArray());
        byte[][] more = [LogFiles.Record(3, 2 * Block), LogFiles.Record(4, 1)];

        using (var writer = LogRecovery.OpenForAppend(fs, LogPath, out var recovery))
        {
            recovery.ValidLength.Should().Be(ends[1]);
            foreach (var record in appends == Appends.None ? [] : more)
            {
                writer.AddRecord(record);
            }
            if (appends == Appends.Synced)
            {
                writer.Sync();
            }
            else
            {
                writer.Flush();
            }
        }
        var expected = appends == Appends.Synced ? fs.ReadAllBytes(LogPath) : log.AsSpan(0, (int)ends[1]).ToArray();

        var afterCrash = fs.CrashLosingAllUnsynced();

        afterCrash.ReadAllBytes(LogPath).Should().Equal(expected, "recovery fsynced its cut, so the torn tail never comes back; only synced appends survive with it");
        var again = LogRecovery.Recover(afterCrash, LogPath);
        again.Corruptions.Should().BeEmpty("a second recovery finds nothing left to cut");
        again.Records.Should().Be(appends == Appends.Synced ? 4 : 2);
    }

    [Theory]
    [InlineData("Pessimistic")]
    [InlineData("Ext4Ordered")]
    public void After_recovery_and_more_appends_a_crash_keeps_every_acknowledged_record_and_nothing_recovery_cut(string modelName)
    {
        var model = modelName == nameof(CrashModel.Ext4Ordered) ? CrashModel.Ext4Ordered : CrashModel.Pessimistic;
        var seeds = Environment.GetEnvironmentVariable("FROMSCRATCH_EXHAUSTIVE") == "1" ? 5_000 : 200;
        var failures = new List<string>();
        for (var seed = 1; seed <= seeds && failures.Count < 5; seed++)
        {
            if (RecoverAppendAndCrash(model, seed) is { } failure)
            {
                failures.Add($"{modelName}, seed {seed}: {failure}");
            }
        }
        failures.Should().BeEmpty();
    }

    // One run: a log whose unsynced tail (at least one large record) a crash may tear; recovery,
    // and more appends, synced now and then in half of the runs and never in the other half (where
    // only recovery's own fsync can keep its cut); another crash. Returns what went wrong, or null.
    private static string? RecoverAppendAndCrash(CrashModel model, int seed)
    {
        var random = new Random(seed);
        var fs = new SimulatedFileSystem(model);
        fs.CreateDirectory(LogDirectory);
        fs.SyncDirectory("/");

        var first = Records(random, 0, random.Next(2, 7));
        first[^1] = LogFiles.Record(first.Length - 1, random.Next(20_000, 45_000));
        var durableFirst = WriteSome(LogWriter.Create(fs, LogPath), first, random, syncs: true, syncLast: false);
        var crashed = fs.Crash(new Random(random.Next()));

        var second = Records(random, 100, random.Next(1, 6));
        LogRecoveryResult recovery;
        int durableSecond;
        using (var writer = LogRecovery.OpenForAppend(crashed, LogPath, out recovery))
        {
            durableSecond = WriteSome(writer, second, random, syncs: random.Next(2) == 0, syncLast: true, dispose: false);
        }
        if (recovery.Records < durableFirst)
        {
            return $"the first recovery kept {recovery.Records} records, but {durableFirst} were synced";
        }
        var written = crashed.ReadAllBytes(LogPath);   // the recovered prefix, then the appends
        var validLength = recovery.ValidLength;

        var afterFs = crashed.Crash(new Random(random.Next()));
        var afterCrash = afterFs.ReadAllBytes(LogPath);

        if (afterCrash.Length < validLength || !afterCrash.AsSpan(0, (int)validLength).SequenceEqual(written.AsSpan(0, (int)validLength)))
        {
            return $"the recovered prefix [0, {validLength}) did not survive the second crash";
        }
        for (var i = (int)validLength; i < afterCrash.Length; i++)
        {
            if (afterCrash[i] != 0 && (i >= written.Length || afterCrash[i] != written[i]))
            {
                return $"byte {i} after the second crash was neither written after recovery nor zero: what recovery cut at {validLength} came back";
            }
        }

        LogRecovery.Recover(afterFs, LogPath);
        List<byte[]> read;
        using (var reader = LogReader.Open(afterFs, LogPath))
        {
            read = [.. reader.ReadRecords()];
        }
        var expected = first.Take((int)recovery.Records).Concat(second).ToList();
        var mustHave = (int)recovery.Records + durableSecond;
        if (read.Count < mustHave || read.Count > expected.Count)
        {
            return $"{read.Count} records after the second crash; every one of the {mustHave} acknowledged durable records must be there, and at most {expected.Count} were written";
        }
        for (var i = 0; i < read.Count; i++)
        {
            if (!read[i].AsSpan().SequenceEqual(expected[i]))
            {
                return $"record {i} after the second crash is not the record written there";
            }
        }
        return null;
    }

    // Appends each record; after some of them syncs (if syncs; those up to it are then durable)
    // or flushes; never syncs after the last one unless syncLast. Returns how many records a
    // successful sync covered.
    private static int WriteSome(LogWriter writer, byte[][] records, Random random, bool syncs, bool syncLast, bool dispose = true)
    {
        var durable = 0;
        try
        {
            for (var i = 0; i < records.Length; i++)
            {
                writer.AddRecord(records[i]);
                var maySync = syncs && (syncLast || i < records.Length - 1);
                switch (random.Next(3))
                {
                    case 0 when maySync:
                        writer.Sync();
                        durable = i + 1;
                        break;
                    case 0:
                    case 1:
                        writer.Flush();
                        break;
                }
            }
        }
        finally
        {
            if (dispose)
            {
                writer.Dispose();
            }
        }
        return durable;
    }

    // Records of random sizes (some span blocks, some are empty) whose bytes identify them.
    private static byte[][] Records(Random random, int firstIndex, int count) =>
        [.. Enumerable.Range(firstIndex, count).Select(i => LogFiles.Record(i, random.Next(4) switch
        {
            0 => random.Next(0, 64),
            1 => random.Next(64, 4_000),
            2 => random.Next(4_000, 20_000),
            _ => random.Next(20_000, 45_000),
        }))];

    private static SimulatedFileSystem SimulatedWithDurableLog(byte[] log)
    {
        var fs = new SimulatedFileSystem();
        fs.CreateDirectory(LogDirectory);
        fs.SyncDirectory("/");
        using (var file = fs.OpenFile(LogPath, FileOpenMode.CreateNew))
        {
            file.Write(log, 0);
            file.Sync(FileSyncKind.All);
        }
        fs.SyncDirectory(LogDirectory);
        return fs;
    }
}
