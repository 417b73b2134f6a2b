namespace FromScratch.Bitcask.Tests;

[Trait("Step", "03")]
public sealed class Step03RolloverAndRecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new("bitcask");

    public void Dispose() => _dir.Dispose();

    private BitcaskStore Open(long maxFileSize = 4096, bool paranoid = false) =>
        BitcaskStore.Open(_dir.PathName, new BitcaskOptions { MaxFileSize = maxFileSize, ParanoidChecks = paranoid });

    private string Data(int id) => TestData.DataFile(_dir.PathName, id);

    // 100 keys of 100-byte values: 11,900 bytes, three or more 4 KiB files.
    private static void Fill(BitcaskStore store, int count = 100, int seed = 0)
    {
        for (var i = 0; i < count; i++)
        {
            store.Put(TestData.Key(i), TestData.Value(seed + i, 100));
        }
    }

    [Fact]
    public void Active_file_rolls_over_before_a_record_would_pass_MaxFileSize()
    {
        using var store = Open(maxFileSize: 1000);
        Fill(store);   // records of 19 + 9 + 100 = 128 bytes: 7 per file

        var ids = TestData.DataFileIds(RealFileSystem.Instance, _dir.PathName);
        ids.Should().HaveCount(15).And.BeInAscendingOrder();
        ids.SkipLast(1).Select(id => new FileInfo(Data(id)).Length).Should().AllBeEquivalentTo(7 * 128);
        store.Statistics.DataFiles.Should().Be(15);
        store.Statistics.ActiveFileId.Should().Be(ids[^1]);
        for (var i = 0; i < 100; i++)
        {
            store.Get(TestData.Key(i)).Should().Equal(TestData.Value(i, 100));
        }
    }

    [Fact]
    public void A_record_that_ends_exactly_at_MaxFileSize_stays_in_its_file()
    {
        using var store = Open(maxFileSize: 8 * 128);
        Fill(store, count: 20);   // 128-byte records: the eighth ends exactly at the limit

        var ids = TestData.DataFileIds(RealFileSystem.Instance, _dir.PathName);
        ids.Should().HaveCount(3, "20 records at 8 per file");
        ids.SkipLast(1).Select(id => new FileInfo(Data(id)).Length).Should().AllBeEquivalentTo(8 * 128, "a file may reach MaxFileSize, not pass it");
    }

    [Fact]
    public void A_record_larger_than_MaxFileSize_gets_a_file_of_its_own()
    {
        using var store = Open(maxFileSize: 1000);
        store.Put(TestData.Text("small"), TestData.Value(1, 10));
        store.Put(TestData.Text("huge"), TestData.Value(2, 5000));
        // Still the active file: on the real disk it is mapped for appending with room for MaxFileSize
        // bytes, and the record went past the map with a pwrite; its read must not use the map.
        store.Get(TestData.Text("huge")).Should().Equal(TestData.Value(2, 5000));
        store.Put(TestData.Text("after"), TestData.Value(3, 10));

        TestData.DataFileIds(RealFileSystem.Instance, _dir.PathName).Should().Equal(1, 2, 3);
        new FileInfo(Data(2)).Length.Should().Be(DataFileWriter.RecordLength(4, 5000));
        store.Get(TestData.Text("huge")).Should().Equal(TestData.Value(2, 5000));
    }

    [Fact]
    public void Torn_tail_is_cut_and_the_next_write_goes_after_the_valid_prefix()
    {
        using (var store = Open(maxFileSize: 1 << 20))
        {
            Fill(store, count: 10);
        }
        var path = Data(1);
        var intact = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Append))
        {
            // Half of a record: what a crash in the middle of an append leaves.
            var record = new byte[DataFileWriter.RecordLength(4, 50)];
            DataFileWriter.Encode(record, 99, RecordKind.Put, TestData.Text("torn"), TestData.Value(9, 50));
            stream.Write(record.AsSpan(0, record.Length / 2));
        }

        using (var store = Open(maxFileSize: 1 << 20))
        {
            store.Recovery.TruncatedBytes.Should().Be(DataFileWriter.RecordLength(4, 50) / 2);
            store.Recovery.Damage.Should().ContainSingle().Which.Should().Match<DataFileDamage>(d => d.IsTornTail && d.Offset == intact && d.FilePath == path);
            store.Recovery.FoundCorruption.Should().BeFalse();
            store.Get(TestData.Text("torn")).Should().BeNull();
            store.Statistics.TotalBytes.Should().Be(intact, "the torn tail is cut off");

            store.Put(TestData.Text("next"), TestData.Text("value"));
            store.Statistics.ActiveFileId.Should().Be(1, "the tail file is reused");
        }

        // On disk after the close (while the store is open, a file it appends to through a memory
        // map is longer: the space reserved ahead, cut off at the close).
        new FileInfo(path).Length.Should().Be(intact + DataFileWriter.RecordLength(4, 5), "the torn tail is cut off and the next record follows the valid prefix");

        using var again = Open(maxFileSize: 1 << 20);
        again.Recovery.Damage.Should().BeEmpty("the new record follows the valid prefix, not the garbage");
        again.Get(TestData.Text("next")).Should().Equal(TestData.Text("value"));
        again.Get(TestData.Key(9)).Should().Equal(TestData.Value(9, 100));
    }

    [Fact]
    public void Incomplete_batch_at_the_tail_is_dropped_whole()
    {
        using (var store = Open(maxFileSize: 1 << 20))
        {
            store.Put(TestData.Text("before"), TestData.Text("1"));
            store.Write(new WriteBatch().Put(TestData.Text("b1"), TestData.Value(1, 40)).Put(TestData.Text("b2"), TestData.Value(2, 40)).Delete(TestData.Text("before")));
        }
        var path = Data(1);
        var length = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(length - 3);   // the batch's last record (the delete) is torn
        }

        using (var reopened = Open(maxFileSize: 1 << 20))
        {
            reopened.Get(TestData.Text("b1")).Should().BeNull("a batch counts only when its last record is intact");
            reopened.Get(TestData.Text("b2")).Should().BeNull();
            reopened.Get(TestData.Text("before")).Should().Equal(TestData.Text("1"));
            reopened.Statistics.TotalBytes.Should().Be(DataFileWriter.RecordLength(6, 1), "the file is cut back to before the batch");
        }
        new FileInfo(path).Length.Should().Be(DataFileWriter.RecordLength(6, 1), "the file is cut back to before the batch (on disk, after the close)");
    }

    [Fact]
    public void Corrupt_record_in_a_closed_file_is_reported_and_never_returned()
    {
        using (var store = Open())
        {
            Fill(store);
        }
        // Key 5 is the sixth record of file 1 (records of 128 bytes); flip a bit of its value.
        var path = Data(1);
        var bytes = File.ReadAllBytes(path);
        var offset = 5 * 128;
        bytes[offset + 60] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        using var reopened = Open();
        var damage = reopened.Recovery.Damage.Should().ContainSingle().Subject;
        damage.Should().Match<DataFileDamage>(d => d.FilePath == path && d.Offset == offset && d.Length == 128 && !d.IsTornTail);
        reopened.Recovery.FoundCorruption.Should().BeTrue();
        reopened.Recovery.TruncatedBytes.Should().Be(0, "a closed file is never cut");
        reopened.Get(TestData.Key(5)).Should().BeNull("the damaged record is not loaded");
        for (var i = 0; i < 100; i++)
        {
            if (i != 5)
            {
                reopened.Get(TestData.Key(i)).Should().Equal(TestData.Value(i, 100), $"key {i} is intact (the scan resynchronises after the damage)");
            }
        }
    }

    [Fact]
    public void Corrupt_record_falls_back_to_the_older_version_of_its_key()
    {
        using (var store = Open())
        {
            Fill(store);
            Fill(store, seed: 500);   // second versions of every key, in later files
        }
        var ids = TestData.DataFileIds(RealFileSystem.Instance, _dir.PathName);
        using var reopenedOnce = Open();
        var where = reopenedOnce.Recovery.Damage.Should().BeEmpty();
        reopenedOnce.Dispose();

        // Corrupt the newest version of key 99, the last record of the last-but-one file... find it by scanning.
        var found = ids.Select(id => (Id: id, Records: ScanFile(Data(id)))).SelectMany(f => f.Records.Select(r => (f.Id, r)))
            .Last(x => x.r.Key.AsSpan().SequenceEqual(TestData.Key(50)));
        found.Id.Should().NotBe(ids[^1], "the record must sit in a closed file for this test");
        var bytes = File.ReadAllBytes(Data(found.Id));
        bytes[found.r.Offset + 40] ^= 0x01;
        File.WriteAllBytes(Data(found.Id), bytes);

        using var reopened = Open();
        reopened.Recovery.Damage.Should().ContainSingle();
        reopened.Get(TestData.Key(50)).Should().Equal(TestData.Value(50, 100), "a value that was written (the older one), never the corrupt bytes");
    }

    private static List<DataRecord> ScanFile(string path)
    {
        using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);
        return [.. new DataFileReader(file).ReadAll()];
    }

    [Fact]
    public void ParanoidChecks_refuse_to_open_a_store_with_a_corrupt_closed_file()
    {
        using (var store = Open())
        {
            Fill(store);
        }
        var bytes = File.ReadAllBytes(Data(1));
        bytes[200] ^= 0x80;
        File.WriteAllBytes(Data(1), bytes);

        var act = () => Open(paranoid: true);
        act.Should().Throw<CorruptionException>().Which.FilePath.Should().Be(Data(1));
        using var lenient = Open();   // and the refused open released the LOCK
        lenient.Recovery.Damage.Should().ContainSingle();
    }

    [Fact]
    public void Get_of_a_record_corrupted_after_open_throws_CorruptionException()
    {
        using var store = Open(maxFileSize: 1 << 20);
        store.Put(TestData.Text("victim"), TestData.Value(1, 100), WriteOptions.Synced);
        store.Put(TestData.Text("bystander"), TestData.Value(2, 100), WriteOptions.Synced);

        using (var stream = new FileStream(Data(1), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            stream.Position = 50;
            var b = stream.ReadByte();
            stream.Position = 50;
            stream.WriteByte((byte)(b ^ 0x20));
        }

        var act = () => store.Get(TestData.Text("victim"));
        act.Should().Throw<CorruptionException>().Which.Should().Match<CorruptionException>(e => e.FilePath == Data(1) && e.Offset == 0);
        store.Get(TestData.Text("bystander")).Should().Equal(TestData.Value(2, 100));
    }

    [Fact]
    public void Zero_filled_tail_is_cut_like_a_torn_record()
    {
        using (var store = Open(maxFileSize: 1 << 20))
        {
            Fill(store, count: 3);
        }
        using (var stream = new FileStream(Data(1), FileMode.Append))
        {
            stream.Write(new byte[4096]);
        }

        using var reopened = Open(maxFileSize: 1 << 20);
        reopened.Recovery.TruncatedBytes.Should().Be(4096);
        reopened.Recovery.FoundCorruption.Should().BeFalse();
        reopened.Statistics.Keys.Should().Be(3);
    }

    [Fact]
    public void Hole_in_the_tail_file_cuts_the_valid_records_after_it_to_keep_a_prefix()
    {
        // What a crash can leave when unsynced appends reach the disk out of order: record 2 lost
        // (zeros), record 3 intact. Returning record 3 without record 2 would not be a prefix of
        // the writes, so recovery cuts the file at record 2 (point-in-time recovery).
        using (var store = Open(maxFileSize: 1 << 20))
        {
            Fill(store, count: 3);
        }
        var bytes = File.ReadAllBytes(Data(1));
        Array.Clear(bytes, 128, 128);
        File.WriteAllBytes(Data(1), bytes);

        using var reopened = Open(maxFileSize: 1 << 20);
        var damage = reopened.Recovery.Damage.Should().ContainSingle().Subject;
        damage.Should().Match<DataFileDamage>(d => d.IsTornTail && d.Offset == 128 && d.Length == 256 && d.Reason.Contains("valid records follow"));
        reopened.Recovery.FoundCorruption.Should().BeFalse("a crash can leave this");
        reopened.Recovery.TruncatedBytes.Should().Be(256);
        reopened.Get(TestData.Key(0)).Should().Equal(TestData.Value(0, 100));
        reopened.Get(TestData.Key(1)).Should().BeNull();
        reopened.Get(TestData.Key(2)).Should().BeNull("the record after the hole is cut too");
    }

    [Fact]
    public void Damage_scan_over_a_long_run_of_garbage_finds_the_next_record()
    {
        // Resynchronisation reads in windows: 300 KiB of garbage between two records.
        var path = _dir.File("garbage.data");
        using (var writer = new DataFileWriter(RealFileSystem.Instance.OpenFile(path, FileOpenMode.CreateNew), ownsFile: true))
        {
            writer.Append(1, RecordKind.Put, TestData.Text("before"), TestData.Value(1, 10));
            var garbage = new byte[300 * 1024];
            new Random(5).NextBytes(garbage);
            writer.AppendEncoded(garbage);
            writer.Append(2, RecordKind.Put, TestData.Text("after"), TestData.Value(2, 10));
        }
        using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);

        var scan = new DataFileReader(file).Scan(0, resynchronize: true);

        scan.Records.Select(r => r.Sequence).Should().Equal(1UL, 2UL);
        scan.Damage.Should().ContainSingle().Which.Length.Should().Be(300 * 1024);
    }

    [Fact]
    public void Records_a_dead_process_left_unsynced_are_made_durable_before_new_writes()
    {
        // A process dies (no power loss): its unsynced records are still in the page cache, and the
        // next process loads them and serves them. Its tail file is too full to append to, so it
        // starts a new one; a synced write there must not outlive the older records it read.
        var simulator = TestData.NewSimulator();
        var fs = new HookedFileSystem(simulator) { IgnoreLocks = true };
        var options = new BitcaskOptions { MaxFileSize = 100 };
        var dead = BitcaskStore.Open(fs, TestData.Db, options);
        dead.Put(TestData.Text("a"), TestData.Value(1, 90));    // 110 bytes: file 1 is full, unsynced

        var next = BitcaskStore.Open(fs, TestData.Db, options);
        next.Get(TestData.Text("a")).Should().Equal(TestData.Value(1, 90), "the dead process's record is in the page cache");
        next.Put(TestData.Text("b"), TestData.Value(2, 10), WriteOptions.Synced);
        next.Statistics.ActiveFileId.Should().Be(2, "the full tail file was not reused");

        // Power loss (both stores die with it; the simulator is unusable afterwards, so neither is disposed).
        using var recovered = BitcaskStore.Open(simulator.CrashLosingAllUnsynced(), TestData.Db, options);
        recovered.Get(TestData.Text("b")).Should().Equal(TestData.Value(2, 10));
        recovered.Get(TestData.Text("a")).Should().Equal(TestData.Value(1, 90), "\"a\" was read and served before the synced write of \"b\": the recovered store must hold a prefix of the writes");
    }
}
