namespace FromScratch.Wal.Tests;

/// <summary>
/// Waits with a deadline for the group-commit tests (step 05). Against a broken implementation
/// (a leader that never hands over, a follower never completed, an <c>AppendAsync</c> that blocks
/// its caller, a <c>Dispose</c> that waits for an append that never finishes) every wait here ends
/// after <see cref="Patience"/> with a message naming what did not complete, so the test fails
/// instead of hanging the run.
/// </summary>
/// <remarks>
/// xunit's <c>Timeout</c> cannot do this alone: it fires only while the test awaits, so a test
/// thread blocked inside <c>AppendAsync</c> or <c>Dispose</c> is never timed out. Hence every call
/// into the log that may block runs on the thread pool, and the test thread only awaits it.
/// </remarks>
internal static class Bounded
{
    /// <summary>How long any one step may take; the reference needs well under a second.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // On the failure path the log is closed only if that is quick: the test has already failed.
    private static readonly TimeSpan CleanupPatience = TimeSpan.FromSeconds(5);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Calls <paramref name="call"/> on the thread pool and returns its result once the call has
    /// returned; fails if it has not returned within <see cref="Patience"/>. For the calls that
    /// must return promptly, such as <c>AppendAsync</c> queueing a record behind a running batch.
    /// Several calls in one <paramref name="call"/> run in order on one thread.
    /// </summary>
    public static async Task<T> Call<T>(string what, Func<T> call)
    {
        var running = Task.Run(call, CancellationToken.None);
        try
        {
            return await running.WaitAsync(Patience, Ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not return within {Patience.TotalSeconds:F0} s: the call blocks its caller (an append must queue its record and return a task, not wait for its turn).");
        }
    }

    /// <summary>
    /// Awaits <paramref name="task"/> (its exception, if any, propagates); fails naming
    /// <paramref name="what"/> if it has not completed within <see cref="Patience"/>.
    /// </summary>
    public static async Task Complete(string what, Task task)
    {
        try
        {
            await task.WaitAsync(Patience, Ct);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{what} did not complete within {Patience.TotalSeconds:F0} s (a follower that was never completed, or a next leader that was never told to lead?).");
        }
    }

    /// <summary>Calls <c>AppendAsync</c> off the test thread and awaits the append, both with a deadline.</summary>
    public static async Task Append(WriteAheadLog wal, string what, ReadOnlyMemory<byte> record, bool durable)
    {
        var append = await Call($"AppendAsync of {what}", () => wal.AppendAsync(record, durable, Ct).AsTask());
        await Complete($"The append of {what}", append);
    }

    /// <summary>Disposes <paramref name="wal"/> off the test thread; fails if Dispose has not returned within <see cref="Patience"/>.</summary>
    public static async Task Dispose(WriteAheadLog wal)
    {
        var disposing = Task.Run(wal.Dispose, CancellationToken.None);
        try
        {
            await disposing.WaitAsync(Patience, Ct);
        }
        catch (TimeoutException) when (!disposing.IsCompleted)
        {
            throw new TimeoutException($"WriteAheadLog.Dispose did not return within {Patience.TotalSeconds:F0} s: an append it waits for never finished (a leader that did not hand over?), or it waits for a wake-up that never comes (a missed pulse, or a wait although nothing is queued?).");
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> with <paramref name="wal"/>, then disposes the log with
    /// <see cref="Dispose(WriteAheadLog)"/>. If the body fails, its exception is what the test
    /// reports: the log is then closed only if that takes less than a few seconds (with a stuck
    /// append it would never close), and a failure to close is not reported over the body's.
    /// </summary>
    public static async Task Using(WriteAheadLog wal, Func<WriteAheadLog, Task> body)
    {
        try
        {
            await body(wal);
        }
        catch
        {
            var disposing = Task.Run(wal.Dispose, CancellationToken.None);
            await disposing.WaitAsync(CleanupPatience, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        await Dispose(wal);
    }
}
