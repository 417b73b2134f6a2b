namespace FromScratch.Shared.FileSystems;

/// <summary>
/// In-memory <see cref="IFileSystem"/> that tracks, per file, the durable and the volatile content,
/// and per directory the durable and the volatile entries, and can produce the state a machine
/// finds after power loss. Thread-safe (one lock). (API skeleton; the implementation follows.)
/// </summary>
public sealed class SimulatedFileSystem : IFileSystem
{
    /// <summary>Creates an empty file system whose root directory exists durably.</summary>
    /// <param name="model">The crash model; null means <see cref="CrashModel.Pessimistic"/>.</param>
    public SimulatedFileSystem(CrashModel? model = null)
    {
        Model = model ?? CrashModel.Pessimistic;
        Faults = new FaultPlan(this);
    }

    /// <summary>The crash model that <see cref="Crash"/> follows.</summary>
    public CrashModel Model { get; }

    /// <summary>The number of counted operations so far.</summary>
    public long OperationCount => throw new NotImplementedException();

    /// <summary>When set to k, the (k+1)-th counted operation and every operation after it throws <see cref="PowerLossException"/>.</summary>
    public long? PowerLossAfter
    {
        get => throw new NotImplementedException();
        set => throw new NotImplementedException();
    }

    /// <summary>Whether the simulated machine has lost power.</summary>
    public bool PowerLost => throw new NotImplementedException();

    /// <summary>The counted operations so far, in order.</summary>
    public IReadOnlyList<FileSystemOperation> Trace => throw new NotImplementedException();

    /// <summary>The faults to inject.</summary>
    public FaultPlan Faults { get; }

    /// <summary>Cuts the power now.</summary>
    public void CutPower() => throw new NotImplementedException();

    /// <summary>A new file system holding what a machine finds after a power loss now, chosen with <paramref name="random"/>.</summary>
    public SimulatedFileSystem Crash(Random random) => throw new NotImplementedException();

    /// <summary>The crash outcome in which no unsynced change survived.</summary>
    public SimulatedFileSystem CrashLosingAllUnsynced() => throw new NotImplementedException();

    /// <summary>The crash outcome in which every unsynced change survived.</summary>
    public SimulatedFileSystem CrashKeepingAllUnsynced() => throw new NotImplementedException();

    /// <inheritdoc/>
    public IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false) => throw new NotImplementedException();

    /// <inheritdoc/>
    public bool FileExists(string path) => throw new NotImplementedException();

    /// <inheritdoc/>
    public bool DirectoryExists(string path) => throw new NotImplementedException();

    /// <inheritdoc/>
    public void CreateDirectory(string path) => throw new NotImplementedException();

    /// <inheritdoc/>
    public void DeleteFile(string path) => throw new NotImplementedException();

    /// <inheritdoc/>
    public void RenameFile(string source, string destination) => throw new NotImplementedException();

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDirectory(string path) => throw new NotImplementedException();

    /// <inheritdoc/>
    public void SyncDirectory(string path) => throw new NotImplementedException();

    /// <inheritdoc/>
    public IDisposable Lock(string path) => throw new NotImplementedException();
}
