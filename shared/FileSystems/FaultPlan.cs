namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The faults a <see cref="SimulatedFileSystem"/> injects: failed syncs, a full disk, bad sectors,
/// flipped bits. Thread-safe. Every injected error is an <see cref="InjectedFaultException"/>.
/// </summary>
public sealed class FaultPlan
{
    private readonly SimulatedFileSystem _owner;

    internal FaultPlan(SimulatedFileSystem owner)
    {
        _owner = owner;
    }

    /// <summary>
    /// The next <paramref name="times"/> <see cref="IFileHandle.Sync"/> calls on <paramref name="path"/>
    /// fail with <c>EIO</c>.
    /// </summary>
    public void FailSync(string path, int times = 1) => throw new NotImplementedException(_owner.ToString());

    /// <summary><see cref="IFileSystem.SyncDirectory"/> on <paramref name="path"/> fails with <c>EIO</c> the next <paramref name="times"/> calls.</summary>
    public void FailSyncDirectory(string path, int times = 1) => throw new NotImplementedException();

    /// <summary>After <paramref name="bytes"/> more bytes of file growth, growing writes throw <c>ENOSPC</c>. null: unlimited.</summary>
    public void LimitSpace(long? bytes) => throw new NotImplementedException();

    /// <summary>Reads that touch [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of <paramref name="path"/> throw <c>EIO</c>.</summary>
    public void FailReads(string path, long offset, long length) => throw new NotImplementedException();

    /// <summary>Flips bit <paramref name="bit"/> of byte <paramref name="offset"/> of <paramref name="path"/> in what is stored.</summary>
    public void FlipBit(string path, long offset, int bit) => throw new NotImplementedException();

    /// <summary>Removes every pending fault.</summary>
    public void Clear() => throw new NotImplementedException();
}
