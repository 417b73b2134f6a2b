using System.Diagnostics.Metrics;

namespace FromScratch.Wal.Tests;

// The meter is process-wide: run alone so that the throwing listener cannot reach other tests.
[Trait("Step", "05")]
[Collection(nameof(MeterCollection))]
public sealed class Step05MetricsListenerFailureTests : IDisposable
{
    private static readonly TimeSpan Patience = Bounded.Patience;
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = StepTimeouts.GroupCommit)]
    public async Task A_throwing_metrics_listener_never_strands_followers_or_the_next_leader()
    {
        var armed = true;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WalMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) =>
        {
            if (Volatile.Read(ref armed) && instrument.Name == "fromscratch.wal.batches")
            {
                throw new InvalidOperationException("listener bug (injected)");
            }
        });
        listener.Start();

        var path = _dir.File("wal.log");
        using var hold = new FirstSyncHold();
        var options = hold.Options;
        await Bounded.Using(WriteAheadLog.Open(path, options), async wal =>
        {
            var leader = Task.Run(async () => await wal.AppendAsync(LogFiles.Record(0, 10), durable: true, Ct), Ct);
            (await hold.WaitUntilHeldAsync(Ct)).Should().BeTrue();
            var (a, b, c) = await Bounded.Call("AppendAsync of records 1 to 3 (queued behind the first sync)", () =>
                (wal.AppendAsync(LogFiles.Record(1, 10), durable: true, Ct).AsTask(),   // leads batch 2
                 wal.AppendAsync(LogFiles.Record(2, 10), durable: true, Ct).AsTask(),
                 wal.AppendAsync(LogFiles.Record(3, 10), durable: true, Ct).AsTask()));
            hold.Release();

            // Each batch's leader gets the listener's exception (after its record was logged);
            // the followers are acknowledged and leadership moves on.
            await FluentActions.Awaiting(() => Bounded.Complete("The first leader's append (record 0)", leader)).Should().ThrowAsync<InvalidOperationException>();
            await FluentActions.Awaiting(() => Bounded.Complete("The append of record 1 (the second batch's leader)", a)).Should().ThrowAsync<InvalidOperationException>();
            await Bounded.Complete("The followers' appends (records 2 and 3)", Task.WhenAll(b, c));

            Volatile.Write(ref armed, false);
            await Bounded.Append(wal, "record 4 (after the listener stopped throwing)", LogFiles.Record(4, 10), durable: true);
        });
        LogFiles.Read(path).Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(i => LogFiles.Record(i, 10)), o => o.WithStrictOrdering());
    }
}
