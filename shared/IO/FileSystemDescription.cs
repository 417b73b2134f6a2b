namespace FromScratch.Shared.IO;

/// <summary>The file system a directory lives on, as <see cref="FileSystemProbe.Describe(string)"/> finds it.</summary>
/// <param name="Type">The file-system type, e.g. <c>ext4</c>, <c>xfs</c>, <c>tmpfs</c>.</param>
/// <param name="Device">The mounted device, e.g. <c>/dev/nvme0n1p2</c>.</param>
/// <param name="MountPoint">Where it is mounted.</param>
public sealed record FileSystemDescription(string Type, string Device, string MountPoint)
{
    /// <summary>
    /// True for memory-backed file systems (tmpfs, ramfs), where fsync returns at once because
    /// there is no disk: a durability measurement taken there measures nothing.
    /// </summary>
    public bool IsMemoryBacked => Type is "tmpfs" or "ramfs";

    /// <inheritdoc/>
    public override string ToString() => $"{Type} on {Device} (mounted at {MountPoint})";
}
