using FromScratch.Shared.Checksums;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal.Tests;

[Trait("Step", "01")]
public sealed class Step01LogWriterTests : IDisposable
{
    private const int Block = 32768;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Format_constants_match_LevelDB()
    {
        LogFormat.BlockSize.Should().Be(32768);
        LogFormat.HeaderSize.Should().Be(7);
        ((byte)RecordType.Zero).Should().Be(0);
        ((byte)RecordType.Full).Should().Be(1);
        ((byte)RecordType.First).Should().Be(2);
        ((byte)RecordType.Middle).Should().Be(3);
        ((byte)RecordType.Last).Should().Be(4);
    }

    [Fact]
    public void Full_record_is_masked_crc32c_of_type_and_payload_then_length_then_type()
    {
        var (log, _) = LogFiles.Write(_dir.File("a.log"), ["hello"u8.ToArray()]);

        // The worked example in LogFormat.cs, computed independently of this code base.
        log.Should().Equal(0x0b, 0xb9, 0x57, 0x58, 0x05, 0x00, 0x01, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o');
        var crc = Crc32C.Mask(Crc32C.Compute([1, .. "hello"u8]));
        BitConverter.ToUInt32(log, 0).Should().Be(crc);
        LogFormat.MaskedChecksum(RecordType.Full, "hello"u8).Should().Be(crc);
    }

    [Fact]
    public void Empty_record_is_a_header_with_no_payload()
    {
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [[], [], [1]]);

        log.Length.Should().Be(7 + 7 + 8);
        ends.Should().Equal(7, 14, 22);
        PhysicalRecord.Walk(log).Should().Equal(
            new PhysicalRecord(0, RecordType.Full, 0),
            new PhysicalRecord(7, RecordType.Full, 0),
            new PhysicalRecord(14, RecordType.Full, 1));
        LogFiles.Read(log).Should().BeEquivalentTo(new byte[][] { [], [], [1] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Worked_example_from_the_format_comment_has_the_documented_layout()
    {
        byte[][] records = ["hello"u8.ToArray(), LogFiles.Record(1, 40_000), LogFiles.Record(2, 25_500), []];
        var (log, _) = LogFiles.Write(_dir.File("a.log"), records);

        log.Length.Should().Be(65_543);
        PhysicalRecord.Walk(log).Should().Equal(
            new PhysicalRecord(0, RecordType.Full, 5),
            new PhysicalRecord(12, RecordType.First, 32_749),
            new PhysicalRecord(32_768, RecordType.Last, 7_251),
            new PhysicalRecord(40_026, RecordType.Full, 25_500),
            new PhysicalRecord(65_536, RecordType.Full, 0));
        log.AsSpan(65_533, 3).ToArray().Should().Equal(0, 0, 0);
    }

    [Fact]
    public void Record_leaving_exactly_zero_bytes_starts_the_next_record_at_the_block_boundary()
    {
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, Block - 7), LogFiles.Record(1, 10)]);

        ends[0].Should().Be(Block);
        PhysicalRecord.Walk(log).Should().Equal(
            new PhysicalRecord(0, RecordType.Full, Block - 7),
            new PhysicalRecord(Block, RecordType.Full, 10));
    }

    [Fact]
    public void Record_leaving_exactly_six_bytes_pads_the_trailer()
    {
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, Block - 7 - 6), LogFiles.Record(1, 10)]);

        ends[0].Should().Be(Block - 6);
        log.AsSpan(Block - 6, 6).ToArray().Should().OnlyContain(b => b == 0);
        PhysicalRecord.Walk(log).Should().Equal(
            new PhysicalRecord(0, RecordType.Full, Block - 13),
            new PhysicalRecord(Block, RecordType.Full, 10));
        LogFiles.Read(log).Should().HaveCount(2);
    }

    [Fact]
    public void Record_leaving_exactly_seven_bytes_starts_the_next_with_an_empty_first_fragment()
    {
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, Block - 14), LogFiles.Record(1, 10)]);

        PhysicalRecord.Walk(log).Should().Equal(
            new PhysicalRecord(0, RecordType.Full, Block - 14),
            new PhysicalRecord(Block - 7, RecordType.First, 0),
            new PhysicalRecord(Block, RecordType.Last, 10));
        LogFiles.Read(log).Should().BeEquivalentTo(new[] { LogFiles.Record(0, Block - 14), LogFiles.Record(1, 10) }, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Header_that_would_straddle_the_block_boundary_moves_to_the_next_block(int left)
    {
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, Block - 7 - left), []]);

        PhysicalRecord.Walk(log)[1].Should().Be(new PhysicalRecord(Block, RecordType.Full, 0));
        log.Length.Should().Be(Block + 7);
    }

    [Fact]
    public void Record_larger_than_two_blocks_is_fragmented_first_middle_last()
    {
        var record = LogFiles.Record(0, 100 * 1024);
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [record]);

        var fragments = PhysicalRecord.Walk(log);
        fragments.Select(f => f.Type).Should().Equal(RecordType.First, RecordType.Middle, RecordType.Middle, RecordType.Last);
        fragments.Sum(f => f.Length).Should().Be(record.Length);
        fragments.Take(3).Should().OnlyContain(f => f.Length == Block - 7);
        LogFiles.Read(log).Single().Should().Equal(record);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(Block - 10)]
    [InlineData(Block)]
    [InlineData(Block + 3)]
    public void Writer_continues_an_existing_log_at_its_end_with_the_right_block_offset(int firstLength)
    {
        var path = _dir.File("a.log");
        byte[][] before = [LogFiles.Record(0, firstLength)];
        byte[][] after = [LogFiles.Record(1, 50), LogFiles.Record(2, Block), []];
        LogFiles.Write(path, before);

        using (var writer = LogWriter.OpenExisting(path))
        {
            writer.Length.Should().Be(new FileInfo(path).Length);
            foreach (var record in after)
            {
                writer.AddRecord(record);
            }
        }

        var log = File.ReadAllBytes(path);
        PhysicalRecord.Walk(log);   // asserts every header respects the block structure
        LogFiles.Read(log).Should().BeEquivalentTo(before.Concat(after), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Length_counts_buffered_bytes_and_flush_writes_them()
    {
        var path = _dir.File("a.log");
        using var writer = LogWriter.Create(path);
        writer.AddRecord(new byte[10]);

        writer.Length.Should().Be(17);
        writer.Flush();
        new FileInfo(path).Length.Should().Be(17);
        writer.Sync();
        new FileInfo(path).Length.Should().Be(17);
    }

    [Fact]
    public void A_failed_sync_leaves_the_writer_unusable()
    {
        var path = _dir.File("a.log");
        var handle = RealFileSystem.Instance.OpenFile(path, FileOpenMode.CreateNew);
        var injected = new IOException("EIO (injected)");
        using var writer = new LogWriter(handle, 0, _ => throw injected, ownsFile: true);
        writer.AddRecord(new byte[10]);

        writer.Invoking(w => w.Sync()).Should().Throw<IOException>().Which.Should().BeSameAs(injected, "the failure itself propagates");
        var refused = writer.Invoking(w => w.AddRecord(new byte[1])).Should().Throw<IOException>().WithMessage("*unusable*EIO (injected)*").Which;
        refused.InnerException.Should().BeSameAs(injected, "a refusal carries the original failure");
        writer.Invoking(w => w.Flush()).Should().Throw<IOException>().WithMessage("*unusable*").Which.InnerException.Should().BeSameAs(injected);
        writer.Invoking(w => w.Sync()).Should().Throw<IOException>().WithMessage("*unusable*").Which.InnerException.Should().BeSameAs(injected);
    }

    [Fact]
    public void A_failed_sync_cuts_the_log_back_to_what_the_last_successful_sync_made_durable()
    {
        // After a failed fsync the kernel has marked the failed pages clean: reads still return
        // them, no later fsync writes them, and any part of them may or may not be on disk. Left in
        // place, records whose fate is unknown would sit before whatever the log appends next (after
        // reopening, without a crash), and a later crash could open a hole there. So the writer cuts
        // the file back to the end of its last successful sync and makes that cut durable.
        var fs = new SimulatedFileSystem();
        fs.CreateDirectory("/wal");
        fs.SyncDirectory("/");
        var writer = LogWriter.Create(fs, "/wal/a.log");
        writer.AddRecord(LogFiles.Record(0, 100));
        writer.Sync();
        var synced = fs.ReadAllBytes("/wal/a.log");
        writer.AddRecord(LogFiles.Record(1, 2_000));
        writer.Flush();                                  // with the operating system, not synced
        writer.AddRecord(LogFiles.Record(2, 3_000));
        fs.Faults.FailSync("/wal/a.log");

        writer.Invoking(w => w.Sync()).Should().Throw<InjectedFaultException>();

        fs.ReadAllBytes("/wal/a.log").Should().Equal(synced, "the file ends where the last successful sync left it");
        writer.Dispose();
        for (var seed = 0; seed < 64; seed++)
        {
            fs.Crash(new Random(seed)).ReadAllBytes("/wal/a.log").Should().Equal(synced, $"the cut is durable: no crash brings back a byte of the failed records (crash seed {seed})");
        }
    }

    [Fact]
    public void Sync_hands_the_buffered_records_to_the_file_before_it_syncs()
    {
        // Sync is Flush and then the sync function: a sync that runs while the records are still in
        // the writer's buffer makes nothing durable.
        var fs = new SimulatedFileSystem();
        fs.CreateDirectory("/wal");
        fs.SyncDirectory("/");
        long lengthSeenBySync = -1;
        using (var writer = LogWriter.Create(fs, "/wal/a.log", file =>
        {
            lengthSeenBySync = file.Length;
            file.Sync(FileSyncKind.Data);
        }))
        {
            writer.AddRecord("hello"u8);
            writer.Sync();
        }

        lengthSeenBySync.Should().Be(12, "the 12 bytes of the record reached the file before the sync function ran");
        fs.CrashLosingAllUnsynced().ReadAllBytes("/wal/a.log").Should().Equal(
            [0x0b, 0xb9, 0x57, 0x58, 0x05, 0x00, 0x01, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o'],
            "the synced record survives a power failure");
    }

    [Fact]
    public void Writer_on_a_simulated_file_system_writes_the_same_bytes_as_on_disk()
    {
        // Every file operation goes through IFileSystem, so the writer runs unchanged on db-03's
        // in-memory simulator: the log it leaves there is byte for byte the log it writes on disk.
        byte[][] records = ["hello"u8.ToArray(), LogFiles.Record(1, 40_000), [], LogFiles.Record(2, 300)];
        var (onDisk, _) = LogFiles.Write(_dir.File("a.log"), records);

        var fs = new SimulatedFileSystem();
        fs.CreateDirectory("/wal");
        using (var writer = LogWriter.Create(fs, "/wal/a.log"))
        {
            foreach (var record in records)
            {
                writer.AddRecord(record);
            }
            writer.Sync();
        }

        fs.ReadAllBytes("/wal/a.log").Should().Equal(onDisk);
        using (var writer = LogWriter.OpenExisting(fs, "/wal/a.log"))
        {
            writer.Length.Should().Be(onDisk.Length);
        }
    }

    [Fact]
    public void Create_makes_the_new_file_durable_so_synced_records_survive_a_power_failure()
    {
        // Sync makes the file's data durable but not its name: Create must sync the directory,
        // or a power failure can take away the whole log with its synced records.
        var fs = new SimulatedFileSystem();
        fs.CreateDirectory("/wal");
        fs.SyncDirectory("/");
        using (var writer = LogWriter.Create(fs, "/wal/a.log"))
        {
            writer.AddRecord(LogFiles.Record(1, 100));
            writer.Sync();
        }
        var synced = fs.ReadAllBytes("/wal/a.log");
        synced.Length.Should().Be(7 + 100);

        var afterCrash = fs.CrashLosingAllUnsynced();

        afterCrash.FileExists("/wal/a.log").Should().BeTrue("Create synced the directory");
        afterCrash.ReadAllBytes("/wal/a.log").Should().Equal(synced);
    }

    [Fact]
    public void Create_refuses_to_overwrite_an_existing_file()
    {
        var path = _dir.File("a.log");
        File.WriteAllBytes(path, [1, 2, 3]);

        FluentActions.Invoking(() => LogWriter.Create(path)).Should().Throw<IOException>();
        File.ReadAllBytes(path).Should().Equal(1, 2, 3);
    }
}
