namespace FromScratch.Wal.Tests;

/// <summary>
/// Regression tests for a bug that db-03's crash-point harness found: after a crash tore a batch
/// that spans a block boundary, recovery kept a later record of the batch and lost an earlier one,
/// so the recovered log had a gap (db-03 group-commit workload, 8 rounds x 6 appenders, seed 602,
/// crash point 19). Recovery now stops at the first damage or gap: the log it leaves is a prefix
/// of what was written.
/// </summary>
[Trait("Step", "04")]
public sealed class Step04RecoveryPrefixTests : IDisposable
{
    private const int Block = 32768;
    private const int Sector = 512;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Recovery_after_a_torn_batch_keeps_no_record_that_follows_the_tear()
    {
        // r0 synced; then one batch: r1 (fills block 0 up to a 3-byte trailer) + r2 (FULL, at the
        // start of block 1). The crash lost one sector of r1 (zeros) and kept r2.
        var path = _dir.File("a.log");
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, Block - 100 - (2 * 7) - 3), LogFiles.Record(2, 300)];
        var (log, ends) = LogFiles.Write(path, records);
        ends[1].Should().Be(Block - 3);
        log.AsSpan(Sector, Sector).Clear();
        File.WriteAllBytes(path, log);

        var recovery = LogRecovery.Recover(path);

        recovery.Records.Should().Be(1);
        recovery.ValidLength.Should().Be(ends[0]);
        recovery.TruncatedBytes.Should().Be(log.Length - ends[0]);
        recovery.Corruptions.Should().Contain(c => c.Reason.StartsWith("1 intact record after the first damage discarded", StringComparison.Ordinal));
        LogFiles.Read(path).Should().ContainSingle().Which.Should().Equal(records[0]);
    }

    [Fact]
    public void Recovery_does_not_skip_a_zeroed_stretch_to_keep_the_records_after_it()
    {
        // Same layout; the crash lost every sector of r1 and kept r2's. The reader skips an
        // all-zero block tail silently, so before the fix r2 came back with no report at all and
        // r1 was simply gone.
        var path = _dir.File("a.log");
        byte[][] records = [LogFiles.Record(0, 100), LogFiles.Record(1, Block - 100 - (2 * 7) - 3), LogFiles.Record(2, 300)];
        var (log, ends) = LogFiles.Write(path, records);
        ends[1].Should().Be(Block - 3, "r1 leaves a 3-byte trailer");
        log.AsSpan((int)ends[0], Block - (int)ends[0]).Clear();
        File.WriteAllBytes(path, log);

        var recovery = LogRecovery.Recover(path);

        recovery.Records.Should().Be(1);
        recovery.ValidLength.Should().Be(ends[0]);
        recovery.Corruptions.Should().ContainSingle("a gap is never silent")
            .Which.Reason.Should().StartWith("1 intact record after the first damage discarded");
        LogFiles.Read(path).Should().ContainSingle().Which.Should().Equal(records[0]);
    }

    [Fact]
    public void Recovery_keeps_records_across_a_block_trailer()
    {
        // The contiguity check must not mistake the writer's own zero-filled trailer for a gap.
        var path = _dir.File("a.log");
        byte[][] records = [LogFiles.Record(0, Block - (2 * 7) - 3), LogFiles.Record(1, 5), LogFiles.Record(2, Block - 7), LogFiles.Record(3, 1)];
        var (log, ends) = LogFiles.Write(path, records);

        var recovery = LogRecovery.Recover(path);

        recovery.Records.Should().Be(4);
        recovery.ValidLength.Should().Be(ends[^1]);
        recovery.Corruptions.Should().BeEmpty();
        File.ReadAllBytes(path).Should().Equal(log);
    }
}
