namespace FromScratch.Bitcask.Tests;

[Trait("Step", "02")]
public sealed class Step02StoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("bitcask");

    public void Dispose() => _dir.Dispose();

    private BitcaskStore Open(BitcaskOptions? options = null) => BitcaskStore.Open(_dir.PathName, options);

    [Fact]
    public void Put_get_delete_and_overwrite()
    {
        using var store = Open();
        store.Put(TestData.Text("a"), TestData.Text("1"));
        store.Put(TestData.Text("b"), TestData.Text("2"));
        store.Put(TestData.Text("a"), TestData.Text("3"));
        store.Delete(TestData.Text("b"));

        store.Get(TestData.Text("a")).Should().Equal(TestData.Text("3"));
        store.Get(TestData.Text("b")).Should().BeNull();
        store.Get(TestData.Text("c")).Should().BeNull();
        store.Statistics.Keys.Should().Be(1);
    }

    [Fact]
    public void Reopen_rebuilds_the_key_directory_by_scanning_the_data_files()
    {
        using (var store = Open())
        {
            for (var i = 0; i < 200; i++)
            {
                store.Put(TestData.Key(i), TestData.Value(i, i % 50));
            }
            for (var i = 0; i < 200; i += 3)
            {
                store.Put(TestData.Key(i), TestData.Value(1000 + i, 10));
            }
        }

        using var reopened = Open();
        reopened.Recovery.FilesScanned.Should().BeGreaterThan(0);
        reopened.Recovery.Damage.Should().BeEmpty();
        for (var i = 0; i < 200; i++)
        {
            reopened.Get(TestData.Key(i)).Should().Equal(i % 3 == 0 ? TestData.Value(1000 + i, 10) : TestData.Value(i, i % 50), $"key {i}");
        }
        reopened.Statistics.Keys.Should().Be(200);
    }

    [Fact]
    public void Delete_writes_a_tombstone_so_the_key_stays_deleted_after_reopen()
    {
        using (var store = Open())
        {
            store.Put(TestData.Text("gone"), TestData.Text("value"));
            store.Put(TestData.Text("kept"), TestData.Text("value"));
            var before = store.Statistics.TotalBytes;
            store.Delete(TestData.Text("gone"));
            store.Statistics.TotalBytes.Should().Be(before + DataFileWriter.RecordLength(4, 0), "a tombstone is appended");
        }

        using var reopened = Open();
        reopened.Get(TestData.Text("gone")).Should().BeNull("the tombstone shadows the older put on reopen");
        reopened.Get(TestData.Text("kept")).Should().Equal(TestData.Text("value"));
    }

    // What a merge (step 04) leaves behind: copies of older records in a higher-numbered file than
    // the newer records that shadow them. Recovery ranks records by sequence number, remembers a
    // tombstone so that an older put met after it cannot bring the key back, and numbers new writes
    // above the highest sequence of any file, not of the last one.
    [Fact]
    public void Recovery_ranks_records_by_sequence_number_not_by_file_order()
    {
        void WriteDataFile(int id, params (ulong Seq, RecordKind Kind, string Key, string Value)[] records)
        {
            using var writer = new DataFileWriter(RealFileSystem.Instance.OpenFile(Path.Combine(_dir.PathName, $"{id:D6}.data"), FileOpenMode.CreateNew), ownsFile: true);
            foreach (var (seq, kind, key, value) in records)
            {
                writer.Append(seq, kind, TestData.Text(key), TestData.Text(value));
            }
            writer.Sync();
        }
        WriteDataFile(2, (5, RecordKind.Delete, "deleted", ""), (6, RecordKind.Put, "overwritten", "new"));
        WriteDataFile(3, (3, RecordKind.Put, "deleted", "old"), (4, RecordKind.Put, "overwritten", "old"));

        using (var store = Open())
        {
            store.Get(TestData.Text("deleted")).Should().BeNull("the tombstone (sequence 5) is newer than the put met after it (sequence 3)");
            store.Get(TestData.Text("overwritten")).Should().Equal(TestData.Text("new"), "sequence 6 outranks sequence 4, whatever file each is in");
            store.Statistics.Keys.Should().Be(1);
            store.Put(TestData.Text("overwritten"), TestData.Text("newest"));
        }

        using var reopened = Open();
        reopened.Get(TestData.Text("overwritten")).Should().Equal(TestData.Text("newest"), "a write after recovery takes a sequence above every recovered one (7 here)");
        reopened.Get(TestData.Text("deleted")).Should().BeNull();
    }

    [Fact]
    public void Deleting_a_missing_key_writes_nothing()
    {
        using var store = Open();
        store.Put(TestData.Text("a"), TestData.Text("1"));
        var before = store.Statistics;

        store.Delete(TestData.Text("never"));

        store.Statistics.Should().Be(before);
    }

    [Fact]
    public void Statistics_count_live_and_dead_bytes()
    {
        using var store = Open();
        var small = DataFileWriter.RecordLength(5, 10);
        store.Put(TestData.Text("first"), TestData.Value(1, 10));
        store.Put(TestData.Text("other"), TestData.Value(2, 10));
        store.Put(TestData.Text("first"), TestData.Value(3, 10));   // the first version becomes dead
        store.Delete(TestData.Text("other"));                        // the put and the tombstone are dead

        var stats = store.Statistics;
        stats.Keys.Should().Be(1);
        stats.LiveBytes.Should().Be(small);
        stats.TotalBytes.Should().Be((3 * small) + DataFileWriter.RecordLength(5, 0));
        stats.DeadBytes.Should().Be((2 * small) + DataFileWriter.RecordLength(5, 0));
        stats.RecordsWritten.Should().Be(4);
    }

    [Fact]
    public void Statistics_after_reopen_match_those_before()
    {
        BitcaskStatistics before;
        using (var store = Open())
        {
            for (var i = 0; i < 50; i++)
            {
                store.Put(TestData.Key(i % 20), TestData.Value(i, 30));
            }
            store.Delete(TestData.Key(3));
            before = store.Statistics;
        }

        using var reopened = Open();
        var after = reopened.Statistics;
        (after.Keys, after.LiveBytes, after.TotalBytes).Should().Be((before.Keys, before.LiveBytes, before.TotalBytes));
    }

    [Fact]
    public void Keys_longer_than_the_format_allows_are_rejected()
    {
        using var store = Open();
        var act = () => store.Put(new byte[DataFileWriter.MaxKeyLength + 1], [1]);
        act.Should().Throw<ArgumentException>();
        store.Put(new byte[DataFileWriter.MaxKeyLength], [1]);
        store.Get(new byte[DataFileWriter.MaxKeyLength]).Should().Equal([1]);
    }

    [Fact]
    public void Files_are_named_with_six_digit_numbers()
    {
        using (var store = Open())
        {
            store.Put(TestData.Text("a"), TestData.Text("1"));
        }
        Directory.GetFiles(_dir.PathName).Select(Path.GetFileName).Should().Contain(["000001.data", "LOCK"]);
    }
}
