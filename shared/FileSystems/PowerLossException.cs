namespace FromScratch.Shared.FileSystems;

/// <summary>
/// Thrown by every operation of a <see cref="SimulatedFileSystem"/> (and of its open handles) once
/// the simulated machine has lost power (<see cref="SimulatedFileSystem.PowerLossAfter"/>,
/// <see cref="SimulatedFileSystem.CutPower"/> or <see cref="SimulatedFileSystem.Crash"/>). The
/// operation that throws changes nothing.
/// </summary>
public sealed class PowerLossException : IOException
{
    internal PowerLossException(long operationCount)
        : base($"simulated power loss after operation {operationCount}")
    {
        OperationCount = operationCount;
    }

    /// <summary>The number of counted operations that completed before the power went.</summary>
    public long OperationCount { get; }
}
