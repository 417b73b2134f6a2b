namespace FromScratch.Bitcask.Tests;

[Trait("Step", "04")]
public sealed class Step04MergeAndHintTests : IDisposable
{
    private readonly TempDirectory _dir = new("bitcask");

    public void Dispose() => _dir.Dispose();

    private BitcaskStore Open(IFileSystem? fs = null, string? directory = null) =>
        BitcaskStore.Open(fs ?? RealFileSystem.Instance, directory ?? _dir.PathName, new BitcaskOptions { MaxFileSize = 4096 });

    // Three versions of 60 keys, a third of them deleted: most bytes are garbage.
    private static Dictionary<int, byte[]?> Churn(BitcaskStore store)
    {
        var model = new Dictionary<int, byte[]?>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 60; i++)
            {
                var value = TestData.Value((round * 1000) + i, 80);
                store.Put(TestData.Key(i), value);
                model[i] = value;
            }
        }
        for (var i = 0; i < 60; i += 3)
        {
            store.Delete(TestData.Key(i));
            model[i] = null;
        }
        return model;
    }

    private static void AssertContents(IKeyValueStore store, Dictionary<int, byte[]?> model, string context)
    {
        foreach (var (i, value) in model)
        {
            var actual = store.Get(TestData.Key(i));
            if (value is null)
            {
                actual.Should().BeNull($"{context}: key {i} was deleted");
            }
            else
            {
                actual.Should().Equal(value, $"{context}: key {i}");
            }
        }
    }

    [Fact]
    public void Merge_keeps_the_contents_and_drops_the_garbage()
    {
        using var store = Open();
        var model = Churn(store);
        var before = store.Statistics;
        before.DeadBytes.Should().BeGreaterThan(before.LiveBytes);

        var result = store.Merge();

        var after = store.Statistics;
        AssertContents(store, model, "after merge");
        after.DeadBytes.Should().Be(0, "every record left is live, and the new active file is empty");
        after.LiveBytes.Should().Be(before.LiveBytes);
        after.Keys.Should().Be(40);
        after.Merges.Should().Be(1);
        result.RecordsCopied.Should().Be(40);
        result.BytesReclaimed.Should().Be(before.TotalBytes - after.TotalBytes).And.Be(before.DeadBytes);
        TestData.DataFileIds(RealFileSystem.Instance, _dir.PathName).Should().NotIntersectWith(result.InputFiles, "the inputs are deleted");
        result.OutputFiles.Should().OnlyContain(id => File.Exists(TestData.HintFile(_dir.PathName, id)), "every output has a hint");
        Directory.GetFiles(_dir.PathName, "MERGE*").Should().BeEmpty();
        Directory.GetFiles(_dir.PathName, "*.merge").Should().BeEmpty();
    }

    [Fact]
    public void Reopen_after_merge_loads_the_outputs_from_their_hints()
    {
        Dictionary<int, byte[]?> model;
        MergeResult result;
        using (var store = Open())
        {
            model = Churn(store);
            result = store.Merge();
            store.Put(TestData.Text("after-merge"), TestData.Text("x"));
        }

        using var reopened = Open();
        reopened.Recovery.FilesFromHints.Should().Be(result.OutputFiles.Count);
        reopened.Recovery.FilesScanned.Should().Be(1, "only the active file has no hint");
        AssertContents(reopened, model, "after reopen");
        reopened.Get(TestData.Text("after-merge")).Should().Equal(TestData.Text("x"));
    }

    [Fact]
    public void Deleted_keys_stay_deleted_after_merge_and_reopen()
    {
        using (var store = Open())
        {
            store.Put(TestData.Text("doomed"), TestData.Value(1, 500));
            for (var i = 0; i < 40; i++)
            {
                store.Put(TestData.Key(i), TestData.Value(i, 100));   // push "doomed" into an older file
            }
            store.Delete(TestData.Text("doomed"));
            store.Merge();
            store.Get(TestData.Text("doomed")).Should().BeNull();
        }

        using var reopened = Open();
        reopened.Get(TestData.Text("doomed")).Should().BeNull("the merge dropped the put together with its tombstone");
    }

    [Fact]
    public void Corrupt_hint_is_rejected_and_its_data_file_scanned_instead()
    {
        Dictionary<int, byte[]?> model;
        MergeResult result;
        using (var store = Open())
        {
            model = Churn(store);
            result = store.Merge();
        }
        var hint = TestData.HintFile(_dir.PathName, result.OutputFiles[0]);
        var bytes = File.ReadAllBytes(hint);
        bytes[10] ^= 0x02;
        File.WriteAllBytes(hint, bytes);

        using var reopened = Open();
        reopened.Recovery.RejectedHints.Should().ContainSingle().Which.Should().Contain(hint);
        reopened.Recovery.FilesFromHints.Should().Be(result.OutputFiles.Count - 1);
        AssertContents(reopened, model, "after a rejected hint");
    }

    [Fact]
    public void Hint_file_round_trips_and_detects_any_flipped_byte()
    {
        IReadOnlyList<HintEntry> entries =
        [
            new(TestData.Text("a"), 1, 0, 25),
            new(TestData.Text("bb"), 7, 25, 1000),
        ];
        var bytes = HintFile.Encode(entries);
        bytes.Should().HaveCount((2 * HintFile.EntryHeaderSize) + 3 + HintFile.TrailerSize);
        HintFile.Decode("x.hint", bytes).Should().BeEquivalentTo(entries, o => o.WithStrictOrdering());

        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x01;
            FluentActions.Invoking(() => HintFile.Decode("x.hint", damaged)).Should().Throw<CorruptionException>($"byte {i} was flipped");
        }
        FluentActions.Invoking(() => HintFile.Decode("x.hint", bytes[..^1])).Should().Throw<CorruptionException>();
    }

    [Fact]
    public void Merge_of_a_store_with_only_an_active_file_merges_it()
    {
        using var store = Open();
        store.Put(TestData.Text("a"), TestData.Text("1"));
        store.Put(TestData.Text("a"), TestData.Text("2"));

        var result = store.Merge();

        result.InputFiles.Should().Equal(1);
        result.RecordsCopied.Should().Be(1);
        store.Get(TestData.Text("a")).Should().Equal(TestData.Text("2"));
        store.Merge().Should().BeEquivalentTo(new MergeResult([result.OutputFiles[0]], [result.OutputFiles[0] + 1], 1, 0),
            "a second merge has the first one's output (and an empty active file, which is not rolled over) to rewrite");
    }

    [Fact]
    public void Merge_drops_damage_that_recovery_reported_for_good()
    {
        Dictionary<int, byte[]?> model;
        using (var store = Open())
        {
            model = Churn(store);
        }
        var first = TestData.DataFile(_dir.PathName, 1);
        var bytes = File.ReadAllBytes(first);
        bytes[30] ^= 0x01;   // the first record of file 1: key 0's first version, long overwritten
        File.WriteAllBytes(first, bytes);

        using (var reopened = Open())
        {
            reopened.Recovery.Damage.Should().ContainSingle().Which.FilePath.Should().Be(first);
            reopened.Merge();
            AssertContents(reopened, model, "after merging past the damage");
        }

        using var again = Open();
        again.Recovery.Damage.Should().BeEmpty("the damaged file was merged away");
        AssertContents(again, model, "after reopen");
    }

    [Fact]
    public void Merge_stops_without_changing_anything_when_a_live_record_went_bad()
    {
        using var store = Open();
        store.Put(TestData.Text("victim"), TestData.Value(1, 100));
        store.Put(TestData.Text("other"), TestData.Value(2, 100));
        var first = TestData.DataFile(_dir.PathName, 1);
        using (var stream = new FileStream(first, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            stream.Position = 40;
            var b = stream.ReadByte();
            stream.Position = 40;
            stream.WriteByte((byte)(b ^ 0x08));   // inside "victim"'s value, after the store loaded it
        }
        var files = Directory.GetFiles(_dir.PathName).Order().ToList();

        var act = () => store.Merge();

        act.Should().Throw<CorruptionException>().Which.Should().Match<CorruptionException>(e => e.FilePath == first && e.Offset == 0);
        Directory.GetFiles(_dir.PathName).Should().Contain(files, "no input is deleted");
        Directory.GetFiles(_dir.PathName).Except(files).Select(Path.GetFileName).Should().Equal(["000002.data"], "no output is left behind; only the active file was rolled over");
        store.Get(TestData.Text("other")).Should().Equal(TestData.Value(2, 100));
        store.Put(TestData.Text("still"), TestData.Text("writable"));
    }

    [Fact]
    public void Writes_and_deletes_during_a_merge_win_over_the_merged_copies()
    {
        // A file system that runs an action at the merge's commit (the MERGE temp file's creation),
        // when the copies are made but not yet switched in.
        var sim = TestData.NewSimulator();
        var hooked = new HookedFileSystem(sim);
        using var store = Open(hooked, TestData.Db);
        var model = Churn(store);
        hooked.OnCreate = path =>
        {
            if (path.EndsWith("MERGE.tmp", StringComparison.Ordinal))
            {
                hooked.OnCreate = null;
                store.Put(TestData.Key(1), TestData.Text("written during merge"));
                store.Delete(TestData.Key(2));
                store.Put(TestData.Key(0), TestData.Text("revived during merge"));
                model[1] = TestData.Text("written during merge");
                model[2] = null;
                model[0] = TestData.Text("revived during merge");
            }
        };

        var result = store.Merge();

        result.RecordsCopied.Should().Be(38, "two of the 40 copies were overtaken by writes");
        AssertContents(store, model, "after merge");
        store.Dispose();
        using var reopened = Open(sim, TestData.Db);
        AssertContents(reopened, model, "after reopen");
    }
}
