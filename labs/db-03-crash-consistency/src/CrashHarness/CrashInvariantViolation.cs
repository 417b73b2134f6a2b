namespace FromScratch.CrashHarness;

/// <summary>
/// Thrown by <see cref="ICrashWorkload.Verify"/> (usually through <see cref="CrashLedger"/>'s Expect
/// methods) when the state after a crash breaks a promise: an acknowledged write is missing, or
/// recovery returned bytes that were never written. The message names the write.
/// </summary>
public sealed class CrashInvariantViolation : Exception
{
    /// <summary>Creates the exception with a message naming what is missing or extra.</summary>
    /// <param name="message">What was lost or invented, with the key and the value.</param>
    public CrashInvariantViolation(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that revealed it.</summary>
    /// <param name="message">What was lost or invented.</param>
    /// <param name="inner">The underlying exception.</param>
    public CrashInvariantViolation(string message, Exception? inner)
        : base(message, inner)
    {
    }
}
