namespace FromScratch.Wal.Tests;

/// <summary>
/// The boundary cases of LevelDB's <c>db/log_test.cc</c>, each named after the LevelDB test it
/// ports, with the same record sizes and offsets, so a learner can hold the two side by side.
/// Where this reader deliberately differs from LevelDB's (see <see cref="LogReader"/>'s remarks),
/// the assertion says so; LevelDB's <c>ReadError</c> has no counterpart (read errors propagate).
/// </summary>
public sealed class LevelDbLogTestCases : IDisposable
{
    private const int Block = LogFormat.BlockSize;
    private const int Header = LogFormat.HeaderSize;

    // log_test.cc initial_offset_record_sizes_ and initial_offset_last_record_offsets_.
    private static readonly int[] OffsetRecordSizes =
    [
        10000, 10000,
        (2 * Block) - 1000,     // spans three blocks
        1,
        13716,                  // leaves two bytes (a trailer) at the end of block 3
        Block - Header,         // fills block 4 exactly
    ];

    private static readonly long[] OffsetRecordStarts =
    [
        0,
        Header + 10000,
        2 * (Header + 10000),
        (2 * (Header + 10000)) + ((2 * Block) - 1000) + (3 * Header),
        (2 * (Header + 10000)) + ((2 * Block) - 1000) + (3 * Header) + Header + 1,
        3 * Block,
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [Trait("Step", "04")]
    [InlineData(0, 0)]                                                          // ReadStart
    [InlineData(1, 1)]                                                          // ReadSecondOneOff
    [InlineData(10000, 1)]                                                      // ReadSecondTenThousand
    [InlineData(10007, 1)]                                                      // ReadSecondStart
    [InlineData(10008, 2)]                                                      // ReadThirdOneOff
    [InlineData(20014, 2)]                                                      // ReadThirdStart
    [InlineData(20015, 3)]                                                      // ReadFourthOneOff
    [InlineData(Block - 4, 3)]                                                  // ReadFourthFirstBlockTrailer
    [InlineData(Block + 1, 3)]                                                  // ReadFourthMiddleBlock
    [InlineData((2 * Block) + 1, 3)]                                            // ReadFourthLastBlock
    [InlineData((2 * (Header + 1000)) + ((2 * Block) - 1000) + (3 * Header), 3)] // ReadFourthStart
    [InlineData((3 * Block) - 3, 5)]                                            // ReadInitialOffsetIntoBlockPadding
    public void Initial_offset_returns_the_first_record_starting_at_or_after_it_like_LevelDB(long initialOffset, int expectedFirst)
    {
        var log = WriteInitialOffsetLog();
        var reporter = new ListReporter();
        using var reader = new LogReader(new MemoryStream(log, writable: false), reporter, initialOffset);

        for (var i = expectedFirst; i < OffsetRecordSizes.Length; i++)
        {
            reader.TryReadRecord(out var record).Should().BeTrue($"record {i} starts at or after offset {initialOffset}");
            record.Length.Should().Be(OffsetRecordSizes[i]);
            reader.LastRecordOffset.Should().Be(OffsetRecordStarts[i]);
            record.Span[0].Should().Be((byte)('a' + i));
        }
        reader.TryReadRecord(out _).Should().BeFalse();
        reporter.Drops.Should().BeEmpty("skipping the fragments of a record that began before the offset is not damage");
    }

    [Theory]
    [Trait("Step", "04")]
    [InlineData(0)]   // ReadEnd
    [InlineData(5)]   // ReadPastEnd
    public void Initial_offset_at_or_past_the_end_returns_no_records(int pastEnd)
    {
        var log = WriteInitialOffsetLog();
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter, initialOffset: log.Length + pastEnd).Should().BeEmpty();
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "04")]
    public void Initial_offset_inside_a_record_spanning_several_blocks_skips_its_fragments_silently()
    {
        // SkipIntoMultiRecord: first(R1) middle(R1) middle(R1) last(R1) full(R2); start in block 1.
        var big = Fill('f', 3 * Block);
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [big, "correct"u8.ToArray()]);
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter, initialOffset: Block).Should().BeEquivalentTo(new[] { "correct"u8.ToArray() });
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "02")]
    public void Marginal_trailer_holds_an_empty_record_then_the_next_record_starts_a_block()
    {
        // MarginalTrailer: the first record leaves exactly a header's worth (7 bytes); the empty
        // record fits there as a FULL with no payload.
        var first = Fill('m', Block - (2 * Header));
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [first, [], "bar"u8.ToArray()]);
        var reporter = new ListReporter();

        ends[0].Should().Be(Block - Header);
        PhysicalRecord.Walk(log).Select(r => (r.Offset, r.Type, r.Length)).Should().Equal(
            (0L, RecordType.Full, Block - (2 * Header)),
            ((long)Block - Header, RecordType.Full, 0),
            ((long)Block, RecordType.Full, 3));
        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new[] { first, [], "bar"u8.ToArray() }, o => o.WithStrictOrdering());
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "02")]
    public void Short_trailer_is_skipped_and_an_empty_record_goes_to_the_next_block()
    {
        // ShortTrailer: the first record leaves 3 bytes, too few for a header.
        var first = Fill('s', Block - (2 * Header) + 4);
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), [first, [], "bar"u8.ToArray()]);
        var reporter = new ListReporter();

        ends[0].Should().Be(Block - Header + 4);
        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new[] { first, [], "bar"u8.ToArray() }, o => o.WithStrictOrdering());
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "04")]
    public void Log_ending_where_only_a_trailer_could_follow_ends_cleanly()
    {
        // AlignedEof: the last record ends 3 bytes before the block boundary, and the file ends there.
        var first = Fill('e', Block - (2 * Header) + 4);
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [first]);
        var reporter = new ListReporter();

        log.Length.Should().Be(Block - 3);
        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new[] { first });
        reporter.Drops.Should().BeEmpty();
    }

    [Theory]
    [Trait("Step", "04")]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void Log_ending_inside_a_zero_filled_trailer_loses_nothing_and_reports_nothing(int trailerBytesKept)
    {
        // A crash after the writer padded a block's trailer but before the next header reached
        // the disk leaves the file ending inside the trailer: no record was lost, nothing to report.
        var first = Fill('t', Block - Header - 6);
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [first, "next"u8.ToArray()]);
        var cut = log.AsSpan(0, Block - 6 + trailerBytesKept).ToArray();
        var reporter = new ListReporter();

        LogFiles.Read(cut, reporter).Should().BeEquivalentTo(new[] { first });
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "03")]
    public void Lost_middle_block_never_joins_the_first_of_one_record_to_the_last_of_another()
    {
        // ErrorJoinsRecords: first(R1) last(R1) first(R2) last(R2), and the block holding
        // last(R1) and first(R2) is wiped; first(R1)+last(R2) must not come back as a record.
        var r1 = Fill('1', Block);
        var r2 = Fill('2', Block);
        var (log, _) = LogFiles.Write(_dir.File("a.log"), [r1, r2, "correct"u8.ToArray()]);
        log.AsSpan(Block, Block).Fill((byte)'x');
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new[] { "correct"u8.ToArray() });
        reporter.Drops.Should().OnlyContain(d => !d.IsTornTail);
        reporter.Drops.Select(d => d.Reason).Should().Contain("error in middle of record")
            .And.Contain(r => r.StartsWith("missing start of fragmented record", StringComparison.Ordinal));
        // LevelDB asserts 2 * kBlockSize <= dropped <= 2 * kBlockSize + 100.
        reporter.Drops.Sum(d => d.BytesDropped).Should().BeInRange(2 * Block, (2 * Block) + 100);
    }

    private byte[] WriteInitialOffsetLog()
    {
        var records = OffsetRecordSizes.Select((size, i) => Fill((char)('a' + i), size)).ToArray();
        var (log, ends) = LogFiles.Write(_dir.File("offsets.log"), records);
        ends[^1].Should().Be(4 * Block, "the last record fills block 4, as in log_test.cc");
        return log;
    }

    private static byte[] Fill(char c, int length) => Enumerable.Repeat((byte)c, length).ToArray();
}
