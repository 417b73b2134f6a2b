namespace FromScratch.Shared.FileSystems;

/// <summary>
/// An I/O error that <see cref="SimulatedFileSystem"/> raised because its <see cref="FaultPlan"/>
/// said so. <see cref="Exception.HResult"/> carries the errno a real system would report:
/// <c>EIO</c> (5) for <see cref="FaultKind.SyncFailed"/> and <see cref="FaultKind.ReadFailed"/>,
/// <c>ENOSPC</c> (28) for <see cref="FaultKind.NoSpace"/>.
/// </summary>
public sealed class InjectedFaultException : IOException
{
    /// <summary>The errno of an I/O error.</summary>
    internal const int Eio = 5;

    /// <summary>The errno of "no space left on device".</summary>
    internal const int Enospc = 28;

    internal InjectedFaultException(FaultKind kind, string filePath, string message)
        : base(message, kind == FaultKind.NoSpace ? Enospc : Eio)
    {
        Kind = kind;
        FilePath = filePath;
    }

    /// <summary>Which fault was injected.</summary>
    public FaultKind Kind { get; }

    /// <summary>The full path of the file or directory the failed operation was on.</summary>
    public string FilePath { get; }
}
