namespace FromScratch.Wal.Tests;

[Trait("Step", "04")]
public sealed class Step04TornTailAndRecoveryTests : IDisposable
{
    private const int Block = 32768;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[][] MixedRecords() =>
    [
        LogFiles.Record(0, 10), [], LogFiles.Record(2, 40_000), LogFiles.Record(3, Block - 7 - 4),
        LogFiles.Record(4, 300), LogFiles.Record(5, 25_000), LogFiles.Record(6, 0), LogFiles.Record(7, 2_000),
    ];

    [Fact]
    public void Every_truncation_point_yields_an_intact_prefix()
    {
        var records = MixedRecords();
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        log.Length.Should().BeGreaterThan(2 * Block);

        var failures = new List<string>();
        for (var length = 0; length <= log.Length; length++)
        {
            var reporter = new ListReporter();
            using var reader = new LogReader(new MemoryStream(log, 0, length, writable: false), reporter);
            var read = reader.ReadRecords().ToList();

            // Exactly the records that end by the cut, intact; any drop is one torn tail.
            var complete = ends.Count(end => end <= length);
            var intact = read.Count == complete && read.Select((r, i) => r.AsSpan().SequenceEqual(records[i])).All(ok => ok);
            if (!intact || reporter.Drops.Count > 1 || reporter.Drops.Any(d => !d.IsTornTail))
            {
                failures.Add($"cut at {length}: read {read.Count} records (expected the first {complete}), drops [{string.Join("; ", reporter.Drops)}]");
            }
        }
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Truncated_header_at_end_of_file_is_a_torn_tail()
    {
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, 10), LogFiles.Record(1, 10)]);
        var reporter = new ListReporter();

        using var reader = new LogReader(new MemoryStream(log, 0, (int)ends[0] + 3), reporter);
        reader.ReadRecords().Should().HaveCount(1);

        reporter.Drops.Should().Equal(new LogCorruption(ends[0], 3, "truncated record header at end of file", true));
    }

    [Fact]
    public void Truncated_payload_at_end_of_file_is_a_torn_tail()
    {
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, 10), LogFiles.Record(1, 100)]);
        var reporter = new ListReporter();

        using var reader = new LogReader(new MemoryStream(log, 0, (int)ends[0] + 50), reporter);
        reader.ReadRecords().Should().HaveCount(1);

        reporter.Drops.Should().Equal(new LogCorruption(ends[0], 50, "truncated record at end of file", true));
    }

    [Fact]
    public void First_fragment_without_its_last_at_end_of_file_is_a_torn_tail()
    {
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [LogFiles.Record(0, 10), LogFiles.Record(1, 2 * Block)]);
        var reporter = new ListReporter();

        using var reader = new LogReader(new MemoryStream(log, 0, Block), reporter);
        reader.ReadRecords().Should().HaveCount(1);

        reporter.Drops.Should().Equal(new LogCorruption(ends[0], Block - ends[0], "incomplete fragmented record at end of file", true));
    }

    [Fact]
    public void Reader_starting_at_an_offset_returns_the_records_that_start_at_or_after_it()
    {
        var records = MixedRecords();
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        // A record starts where the previous one ended, unless that left a trailer (< 7 bytes).
        var starts = ends.Prepend(0).Take(records.Length)
            .Select(end => Block - (end % Block) < 7 ? end + (Block - (end % Block)) : end).ToArray();

        var offsets = starts.SelectMany(s => new[] { s - 1, s, s + 1 })
            .Concat([Block - 7, Block - 6, Block - 5, Block - 1, Block, Block + 1, 2 * Block, 3 * Block, log.Length, log.Length + 100])
            .Where(o => o >= 0).Distinct().Order();
        foreach (var offset in offsets)
        {
            var expected = Enumerable.Range(0, records.Length).Where(i => starts[i] >= offset).ToList();
            var reporter = new ListReporter();
            using var reader = new LogReader(new MemoryStream(log), reporter, initialOffset: offset);

            var readStarts = new List<long>();
            var read = new List<byte[]>();
            while (reader.TryReadRecord(out var record))
            {
                read.Add(record.ToArray());
                readStarts.Add(reader.LastRecordOffset);
            }

            readStarts.Should().Equal(expected.Select(i => starts[i]), $"reading from offset {offset}");
            read.Should().BeEquivalentTo(expected.Select(i => records[i]), o => o.WithStrictOrdering());
            reporter.Drops.Should().BeEmpty($"nothing is damaged (offset {offset})");
        }
    }

    [Fact]
    public void Reader_starting_at_an_offset_does_not_report_damage_before_it()
    {
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, 100), LogFiles.Record(2, 100)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        log[10] ^= 1;   // record 0
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter, initialOffset: ends[0]).Should().BeEmpty("the damage drops the rest of block 0");
        reporter.Drops.Should().BeEmpty("the damage starts before the initial offset");
    }

    [Fact]
    public void Reader_starting_at_an_offset_stops_skipping_continuations_at_a_bad_fragment()
    {
        // A (FULL at 0), B (FIRST at 107, LAST at 32768), C (FULL). A is damaged: the reader drops
        // the rest of block 0 without a report (the drop starts at 0, before the initial offset),
        // and B's FIRST goes with it. B started after the offset, so its LAST is not the tail of a
        // record from before the offset: skipping it silently would lose B without a word.
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, Block), LogFiles.Record(2, 100)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        PhysicalRecord.Walk(log).Select(p => (p.Offset, p.Type)).Should().StartWith(
            [(0L, RecordType.Full), (107L, RecordType.First), ((long)Block, RecordType.Last)]);
        var lastLength = (int)(ends[1] - Block - 7);
        log[50] ^= 1;   // inside A's payload
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter, initialOffset: 1).Should().BeEquivalentTo(new[] { records[2] }, o => o.WithStrictOrdering());

        reporter.Drops.Should().Equal(new LogCorruption(Block, lastLength, "missing start of fragmented record (LAST without FIRST)", false));
    }

    [Fact]
    public void Recovery_truncates_a_torn_tail_and_appending_continues_cleanly()
    {
        var path = _dir.File("a.log");
        byte[][] before = [LogFiles.Record(0, 100), LogFiles.Record(1, 5_000), LogFiles.Record(2, 3 * Block)];
        var (_, ends) = LogFiles.Write(path, before);
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(file, ends[1] + Block + 123);   // crash in the middle of record 2
        }

        var recovery = LogRecovery.Recover(path);

        recovery.Records.Should().Be(2);
        recovery.ValidLength.Should().Be(ends[1]);
        recovery.TruncatedBytes.Should().Be(Block + 123);
        recovery.Corruptions.Should().ContainSingle().Which.IsTornTail.Should().BeTrue();
        new FileInfo(path).Length.Should().Be(ends[1]);

        byte[][] after = [LogFiles.Record(3, 2 * Block), LogFiles.Record(4, 1)];
        using (var writer = LogWriter.OpenExisting(path))
        {
            foreach (var record in after)
            {
                writer.AddRecord(record);
            }
        }
        var reporter = new ListReporter();
        LogFiles.Read(path, reporter).Should().BeEquivalentTo(before.Take(2).Concat(after), o => o.WithStrictOrdering());
        reporter.Drops.Should().BeEmpty();
        PhysicalRecord.Walk(File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_for_append_after_a_torn_header_continues_at_the_right_block_offset()
    {
        var path = _dir.File("a.log");
        byte[][] before = [LogFiles.Record(0, Block - 7 - 20), LogFiles.Record(1, 5)];
        var (_, ends) = LogFiles.Write(path, before);
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(file, ends[0] + 4);   // half a header
        }

        using (var writer = LogRecovery.OpenForAppend(path, out var recovery))
        {
            recovery.ValidLength.Should().Be(ends[0]);
            writer.Length.Should().Be(ends[0]);
            writer.AddRecord(LogFiles.Record(2, 100));   // must fragment at the block boundary 20 bytes on
        }

        var reporter = new ListReporter();
        LogFiles.Read(path, reporter).Should().BeEquivalentTo(new[] { before[0], LogFiles.Record(2, 100) }, o => o.WithStrictOrdering());
        reporter.Drops.Should().BeEmpty();
        PhysicalRecord.Walk(File.ReadAllBytes(path)).Select(p => p.Type).Should().Equal(RecordType.Full, RecordType.First, RecordType.Last);
    }

    [Fact]
    public void Recovery_stops_at_the_first_damage_and_reports_the_intact_records_it_cuts()
    {
        // Damage in record 0: record 1 loses its FIRST fragment with the rest of block 0, and record
        // 2 (intact, in block 1) is cut too, so the log stays a prefix of what was written (see
        // LogRecovery; keeping record 2, as recovery once did, is what let a crash leave a gap).
        var path = _dir.File("a.log");
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, Block), LogFiles.Record(2, 100)];
        var (log, _) = LogFiles.Write(path, records);
        log[50] ^= 1;
        File.WriteAllBytes(path, log);

        var recovery = LogRecovery.Recover(path);

        recovery.Records.Should().Be(0);
        recovery.ValidLength.Should().Be(0);
        recovery.TruncatedBytes.Should().Be(log.Length);
        recovery.Corruptions.Should().NotBeEmpty().And.OnlyContain(c => !c.IsTornTail);
        recovery.Corruptions[^1].Reason.Should().StartWith("1 intact record after the first damage discarded");
        new FileInfo(path).Length.Should().Be(0);
    }

    [Fact]
    public void A_reporter_that_throws_aborts_recovery_before_truncating()
    {
        var path = _dir.File("a.log");
        var (log, ends) = LogFiles.Write(path, [LogFiles.Record(0, 100), LogFiles.Record(1, 100)]);
        File.WriteAllBytes(path, log.AsSpan(0, (int)ends[1] - 1).ToArray());

        FluentActions.Invoking(() => LogRecovery.Recover(path, new ThrowingReporter())).Should().Throw<InvalidDataException>();
        new FileInfo(path).Length.Should().Be(ends[1] - 1);
    }

    [Fact]
    public void Recovering_a_clean_log_changes_nothing()
    {
        var path = _dir.File("a.log");
        var (log, ends) = LogFiles.Write(path, MixedRecords());

        var recovery = LogRecovery.Recover(path);

        recovery.Should().BeEquivalentTo(new { Records = 8L, ValidLength = ends[^1], TruncatedBytes = 0L });
        recovery.Corruptions.Should().BeEmpty();
        File.ReadAllBytes(path).Should().Equal(log);
    }

    private sealed class ThrowingReporter : ICorruptionReporter
    {
        public void Report(LogCorruption corruption) => throw new InvalidDataException($"refusing to recover: {corruption}");
    }
}
