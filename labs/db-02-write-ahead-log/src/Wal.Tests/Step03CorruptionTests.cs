using System.Buffers.Binary;

namespace FromScratch.Wal.Tests;

[Trait("Step", "03")]
public sealed class Step03CorruptionTests : IDisposable
{
    private const int Block = 32768;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_single_flipped_byte_is_detected_and_no_damaged_record_is_returned()
    {
        // About 1.4 blocks: small, empty, block-spanning and block-ending records.
        byte[][] records =
        [
            LogFiles.Record(0, 100), [], LogFiles.Record(2, 3000), LogFiles.Record(3, 20_000),
            LogFiles.Record(4, 9_600), [], LogFiles.Record(6, 1), LogFiles.Record(7, 12_000), LogFiles.Record(8, 50),
        ];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        var starts = ends.Prepend(0).Take(records.Length).ToArray();

        var failures = new List<string>();
        for (var position = 0; position < log.Length; position++)
        {
            var damaged = (byte[])log.Clone();
            damaged[position] ^= (byte)(position % 3 == 0 ? 0xFF : 1 << (position % 8));
            var reporter = new ListReporter();

            var read = LogFiles.Read(damaged, reporter);

            // Only records byte-identical to written ones, in order: match each read record to
            // the next written record equal to it.
            var matched = new List<int>();
            var next = 0;
            foreach (var record in read)
            {
                while (next < records.Length && !records[next].AsSpan().SequenceEqual(record))
                {
                    next++;
                }
                if (next == records.Length)
                {
                    failures.Add($"flip at {position}: returned a record that was never written (or out of order)");
                    break;
                }
                matched.Add(next++);
            }

            // Records wholly outside the damaged block survive.
            var damagedBlock = position / Block;
            for (var i = 0; i < records.Length; i++)
            {
                var touchesBlock = starts[i] < (damagedBlock + 1) * (long)Block && ends[i] > damagedBlock * (long)Block;
                if (!touchesBlock && !matched.Contains(i))
                {
                    failures.Add($"flip at {position}: lost record {i}, which lies outside the damaged block {damagedBlock}");
                }
            }

            // A lost record is always reported.
            if (read.Count < records.Length && reporter.Drops.Count == 0)
            {
                failures.Add($"flip at {position}: lost {records.Length - read.Count} record(s) without a report");
            }
        }
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Checksum_mismatch_is_reported_with_offset_and_bytes_and_the_reader_resumes_at_the_next_block()
    {
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, 200), LogFiles.Record(2, Block), LogFiles.Record(3, 10)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        log[ends[0] + 7 + 50] ^= 0x10;   // inside record 1's payload
        var reporter = new ListReporter();

        var read = LogFiles.Read(log, reporter);

        read.Should().BeEquivalentTo(new[] { records[0], records[3] }, o => o.WithStrictOrdering());
        reporter.Drops.Should().HaveCount(2);
        reporter.Drops[0].Should().Be(new LogCorruption(ends[0], Block - ends[0], "checksum mismatch", false));
        // Record 2 began in the dropped block; its remaining fragments are reported as orphans.
        reporter.Drops.Skip(1).Should().OnlyContain(d => d.Reason.StartsWith("missing start of fragmented record") && !d.IsTornTail);
        reporter.Drops[1].Offset.Should().Be(Block);
    }

    [Fact]
    public void Unknown_record_type_with_a_valid_checksum_is_reported_and_skipped()
    {
        var log = Fragments.Concat(
            Fragments.Physical(RecordType.Full, [1, 2, 3]),
            Fragments.Physical(9, [4, 5, 6, 7]),
            Fragments.Physical(RecordType.Full, [8]));
        var reporter = new ListReporter();

        var read = LogFiles.Read(log, reporter);

        read.Should().BeEquivalentTo(new byte[][] { [1, 2, 3], [8] }, o => o.WithStrictOrdering());
        reporter.Drops.Should().Equal(new LogCorruption(10, 4, "unknown record type 9", false));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(255)]
    public void Damaged_type_byte_is_a_checksum_mismatch_not_an_unknown_type(byte damagedType)
    {
        // The CRC covers the type byte, so the CRC is checked before the type (as LevelDB does): a
        // damaged type byte is damage to the fragment, which drops the rest of the block like any
        // checksum mismatch. Only a type that passed the CRC can be an "unknown record type".
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, 200), LogFiles.Record(2, 300)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        log[ends[0] + 6] = damagedType;   // record 1's type byte, FULL (1) before
        var reporter = new ListReporter();

        var read = LogFiles.Read(log, reporter);

        read.Should().BeEquivalentTo(new[] { records[0] }, o => o.WithStrictOrdering());
        reporter.Drops.Should().Equal(new LogCorruption(ends[0], log.Length - ends[0], "checksum mismatch", false));
    }

    [Fact]
    public void Bad_length_is_reported_and_the_rest_of_the_block_dropped()
    {
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, 200), LogFiles.Record(2, 300), LogFiles.Record(3, Block), LogFiles.Record(4, 10)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);
        BinaryPrimitives.WriteUInt16LittleEndian(log.AsSpan((int)ends[0] + 4), 0xFFFF);
        var reporter = new ListReporter();

        var read = LogFiles.Read(log, reporter);

        read.Should().BeEquivalentTo(new[] { records[0], records[4] }, o => o.WithStrictOrdering());
        reporter.Drops[0].Should().Be(new LogCorruption(ends[0], Block - ends[0], "bad record length", false));
    }

    [Fact]
    public void Length_running_past_the_block_in_the_last_block_is_corruption_not_a_torn_tail()
    {
        var log = Fragments.Concat(Fragments.Physical(RecordType.Full, [1]), Fragments.Physical(RecordType.Full, new byte[20]));
        BinaryPrimitives.WriteUInt16LittleEndian(log.AsSpan(8 + 4), Block);   // cannot fit in a block
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().HaveCount(1);

        reporter.Drops.Should().Equal(new LogCorruption(8, 27, "bad record length", false));
    }

    [Fact]
    public void Middle_without_first_is_reported()
    {
        var log = Fragments.Concat(
            Fragments.Physical(RecordType.Middle, [1, 2]),
            Fragments.Physical(RecordType.Full, [3]));
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new byte[][] { [3] });
        reporter.Drops.Should().Equal(new LogCorruption(0, 2, "missing start of fragmented record (MIDDLE without FIRST)", false));
    }

    [Fact]
    public void Last_without_first_is_reported()
    {
        var log = Fragments.Concat(
            Fragments.Physical(RecordType.Full, [9]),
            Fragments.Physical(RecordType.Last, [1, 2, 3]),
            Fragments.Physical(RecordType.Full, [3]));
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new byte[][] { [9], [3] }, o => o.WithStrictOrdering());
        reporter.Drops.Should().Equal(new LogCorruption(8, 3, "missing start of fragmented record (LAST without FIRST)", false));
    }

    [Fact]
    public void First_without_last_followed_by_a_full_record_is_reported_as_a_partial_record()
    {
        var log = Fragments.Concat(
            Fragments.Physical(RecordType.First, [1, 2]),
            Fragments.Physical(RecordType.Middle, [3]),
            Fragments.Physical(RecordType.Full, [4]));
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new byte[][] { [4] });
        reporter.Drops.Should().Equal(new LogCorruption(0, 3, "partial record without end", false));
    }

    [Fact]
    public void First_without_last_followed_by_another_first_keeps_the_second_record()
    {
        var log = Fragments.Concat(
            Fragments.Physical(RecordType.First, [1, 2]),
            Fragments.Physical(RecordType.First, [5]),
            Fragments.Physical(RecordType.Last, [6]));
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new byte[][] { [5, 6] });
        reporter.Drops.Should().Equal(new LogCorruption(0, 2, "partial record without end", false));
    }

    [Fact]
    public void Abandoned_empty_first_fragment_is_reported()
    {
        var log = Fragments.Concat(Fragments.Physical(RecordType.First, []), Fragments.Physical(RecordType.Full, [7]));
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new byte[][] { [7] });
        reporter.Drops.Should().Equal(new LogCorruption(0, 0, "partial record without end", false));
    }

    [Fact]
    public void Damaged_middle_fragment_drops_the_whole_record_and_reports_it()
    {
        byte[][] records = [LogFiles.Record(0, 10), LogFiles.Record(1, 3 * Block), LogFiles.Record(2, 10)];
        var (log, _) = LogFiles.Write(_dir.File("a.log"), records);
        log[Block + 100] ^= 1;   // inside the first MIDDLE
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEquivalentTo(new[] { records[0], records[2] }, o => o.WithStrictOrdering());
        reporter.Drops.Select(d => d.Reason).Should().ContainInOrder("checksum mismatch", "error in middle of record");
        reporter.Drops.Should().Contain(d => d.Reason == "error in middle of record" && d.Offset == 17 && d.BytesDropped == Block - 17 - 7);
    }

    [Fact]
    public void Zero_filled_preallocated_space_is_skipped_silently()
    {
        byte[][] records = [LogFiles.Record(0, 10), LogFiles.Record(1, 20)];
        var (log, _) = LogFiles.Write(_dir.File("a.log"), records);
        var zeros = new byte[Block - log.Length];
        var next = Fragments.Physical(RecordType.Full, [42]);
        var withZeros = Fragments.Concat(log, zeros, next, new byte[5000]);
        var reporter = new ListReporter();

        LogFiles.Read(withZeros, reporter).Should().BeEquivalentTo(new[] { records[0], records[1], [42] }, o => o.WithStrictOrdering());
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    public void Zero_header_followed_by_data_is_reported_not_skipped()
    {
        var log = Fragments.Concat(new byte[7], Fragments.Physical(RecordType.Full, [1, 2, 3]));
        var reporter = new ListReporter();

        LogFiles.Read(log, reporter).Should().BeEmpty();
        reporter.Drops.Should().Equal(new LogCorruption(0, log.Length, "checksum mismatch", false));
    }
}
