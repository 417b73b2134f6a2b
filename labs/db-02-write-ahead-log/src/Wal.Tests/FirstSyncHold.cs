using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal.Tests;

/// <summary>
/// A sync hook for the step-05 tests that holds the log's first sync until the test releases it,
/// so that appends queue behind it and form the next batch; every later sync returns at once (the
/// real fsync is skipped: these tests check batching and completion, not durability). Waits end
/// after <see cref="Bounded.Patience"/>, so a broken group commit fails the test instead of hanging it.
/// </summary>
internal sealed class FirstSyncHold : IDisposable
{
    private readonly SemaphoreSlim _entered = new(0);
    private readonly SemaphoreSlim _release = new(0);
    private int _calls;

    /// <summary>Options whose <see cref="WalOptions.SyncOverride"/> is this hook.</summary>
    public WalOptions Options => new() { SyncOverride = Sync };

    /// <summary>Completes with true once the first sync has started (and is being held).</summary>
    public Task<bool> WaitUntilHeldAsync(CancellationToken cancellationToken) =>
        _entered.WaitAsync(Bounded.Patience, cancellationToken);

    /// <summary>Lets the held first sync return.</summary>
    public void Release() => _release.Release();

    public void Dispose()
    {
        _entered.Dispose();
        _release.Dispose();
    }

    private void Sync(IFileHandle file)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            _entered.Release();
            _release.Wait(Bounded.Patience).Should().BeTrue("the test releases the first sync");
        }
    }
}
