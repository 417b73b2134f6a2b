using CsCheck;

namespace FromScratch.Wal.Tests;

[Trait("Step", "02")]
public sealed class Step02RoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Records_of_random_sizes_from_0_to_100_KiB_round_trip_through_a_file()
    {
        var iteration = 0;
        Gen.Select(Gen.Int[0, 100 * 1024].Array[1, 12], Gen.Int).Sample((sizes, seed) =>
        {
            var random = new Random(seed);
            var records = sizes.Select(n =>
            {
                var bytes = new byte[n];
                random.NextBytes(bytes);
                return bytes;
            }).ToArray();
            var path = _dir.File($"roundtrip-{iteration++}.log");
            LogFiles.Write(path, records);

            var reporter = new ListReporter();
            var read = LogFiles.Read(path, reporter);

            reporter.Drops.Should().BeEmpty();
            read.Should().HaveCount(records.Length);
            for (var i = 0; i < records.Length; i++)
            {
                read[i].Should().Equal(records[i], $"record {i} of sizes [{string.Join(", ", sizes)}]");
            }
        }, iter: 40);
    }

    [Fact]
    public void Many_small_records_across_many_blocks_round_trip_in_order()
    {
        var records = Enumerable.Range(0, 5000).Select(i => LogFiles.Record(i, i % 97)).ToArray();
        var (log, _) = LogFiles.Write(_dir.File("a.log"), records);

        log.Length.Should().BeGreaterThan(4 * LogFormat.BlockSize);
        var reporter = new ListReporter();
        LogFiles.Read(log, reporter).Should().BeEquivalentTo(records, o => o.WithStrictOrdering());
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    public void Reader_tracks_the_offset_and_end_of_the_last_record()
    {
        byte[][] records = [LogFiles.Record(0, 10), LogFiles.Record(1, 40_000), LogFiles.Record(2, 0)];
        var (log, ends) = LogFiles.Write(_dir.File("a.log"), records);

        using var reader = new LogReader(new MemoryStream(log));
        var starts = new List<long>();
        var recordEnds = new List<long>();
        while (reader.TryReadRecord(out _))
        {
            starts.Add(reader.LastRecordOffset);
            recordEnds.Add(reader.LastRecordEnd);
        }

        starts.Should().Equal(0, 17, ends[1]);
        recordEnds.Should().Equal(ends);
    }

    [Fact]
    public void Empty_log_has_no_records_and_no_drops()
    {
        var reporter = new ListReporter();
        LogFiles.Read(Array.Empty<byte>(), reporter).Should().BeEmpty();
        reporter.Drops.Should().BeEmpty();
    }

    [Fact]
    public void Reader_works_on_a_stream_that_returns_short_reads()
    {
        var records = Enumerable.Range(0, 50).Select(i => LogFiles.Record(i, i * 1000)).ToArray();
        var (log, _) = LogFiles.Write(_dir.File("a.log"), records);

        using var reader = new LogReader(new TrickleStream(log));
        var read = reader.ReadRecords().ToList();

        read.Should().HaveCount(records.Length);
        read.Zip(records).Select(pair => pair.First.AsSpan().SequenceEqual(pair.Second)).Should().AllBeEquivalentTo(true);
    }

    // A non-seekable stream that returns at most 1000 bytes per read.
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
