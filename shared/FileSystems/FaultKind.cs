namespace FromScratch.Shared.FileSystems;

/// <summary>Which injected fault an <see cref="InjectedFaultException"/> reports (see <see cref="FaultPlan"/>).</summary>
public enum FaultKind
{
    /// <summary>A <see cref="IFileHandle.Sync"/> or <see cref="IFileSystem.SyncDirectory"/> failed with <c>EIO</c>.</summary>
    SyncFailed,

    /// <summary>A write or append that would grow a file failed with <c>ENOSPC</c> and wrote nothing.</summary>
    NoSpace,

    /// <summary>A read touched a range marked bad and failed with <c>EIO</c>.</summary>
    ReadFailed,
}
