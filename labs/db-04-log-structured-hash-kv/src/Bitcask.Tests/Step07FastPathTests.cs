using System.Globalization;

namespace FromScratch.Bitcask.Tests;

/// <summary>
/// The fast paths of the real file system: the two memory maps (<see cref="BitcaskOptions.UseMemoryMaps"/>:
/// reads of every data file from a map, appends copied into a writable map of the active file) and
/// the background syncs (<see cref="BitcaskOptions.BytesPerSync"/>). They must change nothing but
/// speed: the same bytes on disk as with pwrite, the same checks on read, the same durability (a
/// killed process loses no acknowledged write), merges that unmap what they delete.
/// </summary>
[Trait("Step", "07")]
public sealed class Step07FastPathTests(ITestOutputHelper output) : IDisposable
{
    private const long MaxFileSize = 4096;
    private readonly TempDirectory _dir = new("bitcask");

    public void Dispose() => _dir.Dispose();

    private BitcaskStore Open(string? directory = null, bool maps = true) =>
        BitcaskStore.Open(directory ?? _dir.PathName, new BitcaskOptions { MaxFileSize = MaxFileSize, UseMemoryMaps = maps });

    // 200 keys of 100-byte values (128-byte records): 32 per 4 KiB file, so 7 files.
    private static Dictionary<int, byte[]> Fill(BitcaskStore store)
    {
        var model = new Dictionary<int, byte[]>();
        for (var i = 0; i < 200; i++)
        {
            model[i] = TestData.Value(i, 100);
            store.Put(TestData.Key(i), model[i]);
        }
        return model;
    }

    private static void AssertContents(BitcaskStore store, Dictionary<int, byte[]?> model, string context)
    {
        foreach (var (i, value) in model)
        {
            store.Get(TestData.Key(i)).Should().Equal(value, $"{context}: key {i}");
        }
    }

    [Fact]
    public void Every_data_file_is_mapped_on_the_real_file_system_and_reads_return_the_same_values()
    {
        Dictionary<int, byte[]> model;
        using (var store = Open())
        {
            model = Fill(store);
            var stats = store.Statistics;
            stats.DataFiles.Should().BeGreaterThan(3);
            stats.MappedDataFiles.Should().Be(stats.DataFiles, "closed files are mapped read-only at rollover, the active file writable for its appends");
            foreach (var (i, value) in model)
            {
                store.Get(TestData.Key(i)).Should().Equal(value, $"key {i}");
            }
            new FileInfo(TestData.DataFile(_dir.PathName, stats.ActiveFileId)).Length.Should().Be(MaxFileSize, "the active file is extended to MaxFileSize for its map while the store is open");
        }

        using var reopened = Open();
        var reopenedStats = reopened.Statistics;
        reopenedStats.MappedDataFiles.Should().Be(reopenedStats.DataFiles, "recovery maps every closed file, and the reused tail is mapped for appending");
        reopened.Recovery.Damage.Should().BeEmpty("the close cut the active file to its records");
        foreach (var (i, value) in model)
        {
            reopened.Get(TestData.Key(i)).Should().Equal(value, $"key {i} after reopen");
        }
    }

    [Fact]
    public void The_simulator_and_UseMemoryMaps_false_read_and_write_with_positional_calls()
    {
        var fs = TestData.NewSimulator();
        using (var simulated = BitcaskStore.Open(fs, TestData.Db, new BitcaskOptions { MaxFileSize = MaxFileSize }))
        {
            var model = Fill(simulated);
            simulated.Statistics.MappedDataFiles.Should().Be(0, "IFileSystem has no memory maps: only RealFileSystem's files are mapped");
            simulated.Get(TestData.Key(7)).Should().Equal(model[7]);
        }

        using var unmapped = Open(maps: false);
        var values = Fill(unmapped);
        unmapped.Statistics.MappedDataFiles.Should().Be(0);
        unmapped.Get(TestData.Key(7)).Should().Equal(values[7]);
        Directory.GetFiles(_dir.PathName, "*.data").Sum(f => new FileInfo(f).Length)
            .Should().Be(unmapped.Statistics.TotalBytes, "without maps nothing is reserved ahead: the files hold exactly the records");
    }

    [Fact]
    public void Appending_through_the_map_writes_exactly_the_bytes_pwrite_writes()
    {
        // The same operations on two stores, one appending through a map, one with pwrite: records
        // of several sizes (one larger than MaxFileSize, which goes to a file of its own with pwrite
        // either way), overwrites, deletes and a batch, with rollovers. After the close the two
        // directories hold the same files, byte for byte: the reserved zeros are all cut off.
        var mappedDir = Path.Combine(_dir.PathName, "mapped");
        var plainDir = Path.Combine(_dir.PathName, "plain");
        foreach (var (directory, maps) in new[] { (mappedDir, true), (plainDir, false) })
        {
            using var store = Open(directory, maps);
            var random = new Random(5);
            for (var i = 0; i < 300; i++)
            {
                var key = TestData.Key(random.Next(60));
                switch (random.Next(10))
                {
                    case 0:
                        store.Delete(key);
                        break;
                    case 1:
                        store.Write(new WriteBatch().Put(key, TestData.Value(i, 30)).Delete(TestData.Key(random.Next(60))));
                        break;
                    default:
                        store.Put(key, TestData.Value(i, i == 150 ? 10_000 : random.Next(0, 400)));
                        break;
                }
            }
            store.Statistics.MappedDataFiles.Should().Be(maps ? store.Statistics.DataFiles : 0);
        }

        var names = Directory.GetFiles(mappedDir, "*.data").Select(Path.GetFileName).Order().ToList();
        names.Should().Equal(Directory.GetFiles(plainDir, "*.data").Select(Path.GetFileName).Order());
        names.Should().HaveCountGreaterThan(5);
        foreach (var name in names)
        {
            File.ReadAllBytes(Path.Combine(mappedDir, name!)).Should().Equal(File.ReadAllBytes(Path.Combine(plainDir, name!)), $"{name} is the same with either way of appending");
        }
    }

    [Fact]
    public void A_record_corrupted_under_a_mapped_file_fails_its_checksum_and_is_never_returned()
    {
        using var store = Open();
        var model = Fill(store);

        // Key 0's record starts file 1 (closed, mapped): flip a bit of its value through another
        // handle. The map shares the page cache with every handle, so the read sees the flipped bit.
        var path = TestData.DataFile(_dir.PathName, 1);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.Position = 60;
            var b = stream.ReadByte();
            stream.Position = 60;
            stream.WriteByte((byte)(b ^ 0x04));
        }

        var act = () => store.Get(TestData.Key(0));
        act.Should().Throw<CorruptionException>().Which.Should().Match<CorruptionException>(e => e.FilePath == path && e.Offset == 0 && e.Message.Contains("checksum"));
        store.Get(TestData.Key(1)).Should().Equal(model[1], "the next record of the same mapped file is intact");
    }

    [Fact]
    public void Merge_unmaps_and_deletes_its_inputs_and_reads_continue_from_the_mapped_outputs()
    {
        using var store = Open();
        var model = Fill(store).ToDictionary(e => e.Key, e => (byte[]?)e.Value);
        for (var i = 0; i < 200; i += 3)
        {
            store.Delete(TestData.Key(i));
            model[i] = null;
        }

        var result = store.Merge();

        var after = store.Statistics;
        after.MappedDataFiles.Should().Be(after.DataFiles, "the outputs are mapped read-only, the new active file writable");
        AssertContents(store, model, "after merge, from the outputs' maps");
        foreach (var input in result.InputFiles)
        {
            var path = TestData.DataFile(_dir.PathName, input);
            File.Exists(path).Should().BeFalse($"input {input} is deleted");
            if (OperatingSystem.IsLinux())
            {
                // A map of a deleted file shows in /proc/self/maps as "<path> (deleted)": the merge
                // must unmap each input before deleting it, or its pages stay pinned.
                File.ReadAllText("/proc/self/maps").Should().NotContain(path, $"input {input} is unmapped");
            }
        }

        store.Put(TestData.Key(1000), TestData.Value(1000, 80));
        AssertContents(store, model, "after a write that follows the merge");
    }

    [Fact]
    public void What_the_page_cache_holds_while_the_store_is_open_recovers_every_write()
    {
        // A process killed while the store is open leaves the files as the page cache holds them:
        // the active file MaxFileSize long, its records followed by reserved zeros (or a hole).
        // Copying the files while the store is open gives that state without killing anything.
        var copy = Path.Combine(_dir.PathName, "copy");
        Directory.CreateDirectory(copy);
        var storeDir = Path.Combine(_dir.PathName, "store");
        long activeLength;
        Dictionary<int, byte[]> model;
        using (var store = Open(storeDir))
        {
            model = Fill(store);
            var stats = store.Statistics;
            activeLength = stats.TotalBytes - ((stats.DataFiles - 1) * MaxFileSize);   // 32 records fill a closed file exactly
            foreach (var file in Directory.GetFiles(storeDir, "*.data"))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }
        }

        using var recovered = Open(copy);
        recovered.Recovery.TruncatedBytes.Should().Be(MaxFileSize - activeLength, "the zeros after the active file's records are cut like a torn tail");
        recovered.Recovery.FoundCorruption.Should().BeFalse();
        recovered.Statistics.Keys.Should().Be(model.Count);
        foreach (var (i, value) in model)
        {
            recovered.Get(TestData.Key(i)).Should().Equal(value, $"key {i}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_killed_writer_process_loses_no_acknowledged_write(bool maps)
    {
        // The promise of SyncMode.None (CONCEPTS.md): a power loss may lose unsynced writes, a
        // process crash may not. A child process puts key i = value i for i below 1,000 (16 KiB
        // files: several rollovers), printing i after every 100th Put has returned, then stops and
        // gets SIGKILL (Process.Kill). Reopened, the store must hold all 1,000 writes. A store that
        // kept the last records in its own buffer (a user-space write buffer) loses them here.
        // (The child runs the tests' Debug build, where every write checks the store's invariants
        // over all its keys: a few thousand writes would take seconds.)
        var ct = TestContext.Current.CancellationToken;
        var directory = Path.Combine(_dir.PathName, maps ? "mapped" : "plain");
        var options = new BitcaskOptions { MaxFileSize = 16 * 1024, UseMemoryMaps = maps };
        using var child = KilledWriterProcess.Start(directory, options);
        var acknowledged = -1;
        try
        {
            while (acknowledged < KilledWriterProcess.Writes - 1)
            {
                var line = await child.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromMinutes(1), ct)
                    ?? throw new InvalidOperationException($"the writer exited (code {(child.HasExited ? child.ExitCode : -1)}) after acknowledging {acknowledged + 1} writes");
                acknowledged = int.Parse(line, CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            child.Kill();   // SIGKILL on Unix: no finaliser, no Dispose, no flush
            await child.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
        }

        using var store = BitcaskStore.Open(directory, options);
        var present = 0;
        while (store.Get(KilledWriterProcess.Key(present)) is { } value)
        {
            value.Should().Equal(KilledWriterProcess.Value(present), $"key {present}");
            present++;
        }
        output.WriteLine($"maps {maps}: {acknowledged + 1} writes acknowledged before the kill, {present} recovered, {store.Recovery.TruncatedBytes} bytes of tail cut");
        present.Should().Be(KilledWriterProcess.Writes, "every acknowledged write survives a killed process");
        store.Statistics.Keys.Should().Be(present);
        store.Recovery.FoundCorruption.Should().BeFalse();
    }

    [Fact]
    public void Unsynced_writes_on_the_real_disk_start_a_background_sync_every_BytesPerSync_bytes()
    {
        // 200 records of 128 bytes (25,600 bytes) cross BytesPerSync = 8 KiB three times. The syncs
        // run on the thread pool, so the test waits (at most 30 s) for the first one to be counted.
        var options = new BitcaskOptions { MaxFileSize = 1 << 20, BytesPerSync = 8 * 1024 };
        using (var store = BitcaskStore.Open(Path.Combine(_dir.PathName, "on"), options))
        {
            Fill(store);
            SpinWait.SpinUntil(() => store.Statistics.Fsyncs > 0, TimeSpan.FromSeconds(30))
                .Should().BeTrue("a sync starts after every 8 KiB of unsynced writes, without a write asking for one");
        }

        using (var off = BitcaskStore.Open(Path.Combine(_dir.PathName, "off"), options with { BytesPerSync = 0 }))
        {
            Fill(off);
            off.Statistics.Fsyncs.Should().Be(0, "BytesPerSync = 0 starts no sync (and no rollover happened)");
        }

        var fs = TestData.NewSimulator();
        using (var simulated = BitcaskStore.Open(fs, TestData.Db, options))
        {
            Fill(simulated);
            simulated.Statistics.Fsyncs.Should().Be(0, "on the simulator no background sync runs: the crash tests count operations");
        }

        FluentActions.Invoking(() => BitcaskStore.Open(Path.Combine(_dir.PathName, "bad"), options with { BytesPerSync = -1 }))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
