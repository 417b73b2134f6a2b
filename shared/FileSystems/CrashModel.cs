namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The crash model of a <see cref="SimulatedFileSystem"/>: which unsynced changes may survive a
/// power loss, and in what shape. (Full documentation follows with the implementation.)
/// </summary>
public sealed record CrashModel
{
    /// <summary>The unit of atomicity of a data write, in bytes (a power-of-two sector size, 512 by default).</summary>
    public int SectorSize { get; init; } = 512;

    /// <summary>
    /// An unsynced write may reach the disk only partly: each <see cref="SectorSize"/>-aligned piece
    /// of it survives or not independently (a torn write). false: each write survives whole or not at all.
    /// </summary>
    public bool TornWrites { get; init; } = true;

    /// <summary>
    /// Unsynced writes to a file may reach the disk in any order (a later write survives while an
    /// earlier one is lost). false: the surviving writes of a file are a prefix of its unsynced
    /// writes in issue order (the last one possibly torn).
    /// </summary>
    public bool ReorderedWrites { get; init; } = true;

    /// <summary>
    /// A file's grown length may survive without the data written into the new range, which then
    /// reads as zeros (ext4 <c>data=writeback</c>, xfs, delayed allocation). false: a length change
    /// survives only with the data that produced it.
    /// </summary>
    public bool LengthBeforeData { get; init; } = true;

    /// <summary>
    /// Unsynced directory operations (create, rename, delete, mkdir) survive as an in-order prefix
    /// (a journaled file system), unless this is true: then any subset survives. Each single
    /// operation is atomic either way (a rename is never half done).
    /// </summary>
    public bool ReorderedDirectoryOperations { get; init; }

    /// <summary>What POSIX allows: torn, reordered writes, length before data; directory operations in order (the defaults).</summary>
    public static CrashModel Pessimistic { get; } = new();

    /// <summary>
    /// ext4 with <c>data=ordered</c> (the Linux default) as Pillai et al. measured it: appends are
    /// not torn into garbage and a length survives only with its data, writes of a file persist in
    /// order, directory operations in order.
    /// </summary>
    public static CrashModel Ext4Ordered { get; } = new()
    {
        TornWrites = true,
        ReorderedWrites = false,
        LengthBeforeData = false,
        ReorderedDirectoryOperations = false,
    };
}
