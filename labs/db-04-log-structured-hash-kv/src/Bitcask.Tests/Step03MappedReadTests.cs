namespace FromScratch.Bitcask.Tests;

/// <summary>
/// Reads of closed data files through a memory map (on the real file system only): the same values
/// and the same checks as a positional read, before and after a reopen; the simulator reads with
/// positional reads.
/// </summary>
[Trait("Step", "03")]
public sealed class Step03MappedReadTests : IDisposable
{
    private readonly TempDirectory _dir = new("bitcask");

    public void Dispose() => _dir.Dispose();

    private BitcaskStore Open(IFileSystem? fs = null) =>
        BitcaskStore.Open(fs ?? RealFileSystem.Instance, fs is null ? _dir.PathName : TestData.Db, new BitcaskOptions { MaxFileSize = 4096 });

    // 200 keys of 100-byte values (128-byte records): about 32 per 4 KiB file, so 7 files.
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

    [Fact]
    public void Closed_files_are_read_through_a_memory_map_on_the_real_file_system()
    {
        Dictionary<int, byte[]> model;
        using (var store = Open())
        {
            model = Fill(store);
            var stats = store.Statistics;
            stats.DataFiles.Should().BeGreaterThan(3);
            stats.MappedDataFiles.Should().Be(stats.DataFiles - 1, "every file but the active one is closed, and closed files are mapped at rollover");
            foreach (var (i, value) in model)
            {
                store.Get(TestData.Key(i)).Should().Equal(value, $"key {i} (file of its record: mapped or active)");
            }
        }

        using var reopened = Open();
        var reopenedStats = reopened.Statistics;
        reopenedStats.MappedDataFiles.Should().Be(reopenedStats.DataFiles - 1, "recovery maps every file but the tail it appends to");
        foreach (var (i, value) in model)
        {
            reopened.Get(TestData.Key(i)).Should().Equal(value, $"key {i} after reopen");
        }
    }

    [Fact]
    public void The_simulator_is_read_with_positional_reads()
    {
        var fs = TestData.NewSimulator();
        using var store = Open(fs);
        var model = Fill(store);
        store.Statistics.MappedDataFiles.Should().Be(0, "IFileSystem has no memory maps: only RealFileSystem's files are mapped");
        foreach (var (i, value) in model)
        {
            store.Get(TestData.Key(i)).Should().Equal(value);
        }
    }

    [Fact]
    public void A_record_corrupted_under_a_mapped_file_fails_its_checksum_and_is_never_returned()
    {
        using var store = Open();
        var model = Fill(store);
        store.Statistics.MappedDataFiles.Should().BeGreaterThan(0);

        // Key 0's record starts file 1 (mapped): flip a bit of its value through another handle.
        // The map shares the page cache with every handle, so the read sees the flipped bit.
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
}
