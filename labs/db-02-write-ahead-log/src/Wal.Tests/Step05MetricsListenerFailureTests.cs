using System.Diagnostics.Metrics;

namespace FromScratch.Wal.Tests;

// The meter is process-wide: run alone so that the throwing listener cannot reach other tests.
[Trait("Step", "05")]
[Collection(nameof(MeterCollection))]
public sealed class Step05MetricsListenerFailureTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
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
        using var syncEntered = new SemaphoreSlim(0);
        using var releaseFirstSync = new SemaphoreSlim(0);
        var syncCalls = 0;
        var options = new WalOptions
        {
            SyncOverride = _ =>
            {
                if (Interlocked.Increment(ref syncCalls) == 1)
                {
                    syncEntered.Release();
                    releaseFirstSync.Wait(Patience).Should().BeTrue();
                }
            },
        };
        // Disposed only at the end: with stranded appends, Dispose would wait for them forever.
        var wal = WriteAheadLog.Open(path, options);
        var leader = Task.Run(async () => await wal.AppendAsync(LogFiles.Record(0, 10), durable: true, Ct), Ct);
        (await syncEntered.WaitAsync(Patience, Ct)).Should().BeTrue();
        var a = wal.AppendAsync(LogFiles.Record(1, 10), durable: true, Ct).AsTask();   // leads batch 2
        var b = wal.AppendAsync(LogFiles.Record(2, 10), durable: true, Ct).AsTask();
        var c = wal.AppendAsync(LogFiles.Record(3, 10), durable: true, Ct).AsTask();
        releaseFirstSync.Release();

        // Each batch's leader gets the listener's exception (after its record was logged);
        // the followers are acknowledged and leadership moves on.
        await FluentActions.Awaiting(() => leader.WaitAsync(Patience, Ct)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => a.WaitAsync(Patience, Ct)).Should().ThrowAsync<InvalidOperationException>();
        await Task.WhenAll(b, c).WaitAsync(Patience, Ct);

        Volatile.Write(ref armed, false);
        await wal.AppendAsync(LogFiles.Record(4, 10), durable: true, Ct).AsTask().WaitAsync(Patience, Ct);
        wal.Dispose();
        LogFiles.Read(path).Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(i => LogFiles.Record(i, 10)), o => o.WithStrictOrdering());
    }
}
