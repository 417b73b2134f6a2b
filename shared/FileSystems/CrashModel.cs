namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The crash model of a <see cref="SimulatedFileSystem"/>: which unsynced changes may survive a power
/// loss, and in what shape. Synced state always survives; the knobs below only widen or narrow what
/// can happen to the rest.
/// <code>
///  knob                          true (Pessimistic)                     false
///  ---------------------------------------------------------------------------------------------
///  TornWrites                    each SectorSize-aligned piece of a     a write survives whole or
///                                write survives on its own              not at all
///  ReorderedWrites               any subset of a file's unsynced        a prefix, in issue order
///                                changes survives                       (the next one maybe torn)
///  LengthBeforeData              the length may be any length the file  the length is what the
///                                had since the last sync; a range the   surviving changes produced;
///                                data did not reach reads as zeros      a torn write's part beyond
///                                                                       the old end survives whole
///                                                                       or not at all
///  ReorderedDirectoryOperations  any subset of the pending directory    a prefix, in issue order
///                                operations survives                    (the default: journaled)
/// </code>
/// Every choice is made of pieces that were really written: a byte of a crashed file is the durable
/// byte, or the byte some unsynced write put at that offset, or zero (a grown or re-grown range);
/// never garbage. That is a simplification: ext4 <c>data=writeback</c> can expose stale blocks of
/// other files after a crash, which the simulator does not model.
/// <para>
/// Where the knobs come from. Pillai et al., "All File Systems Are Not Created Equal: On the
/// Complexity of Crafting Crash-Consistent Applications" (OSDI '14) call these behaviours
/// <i>persistence properties</i> (atomicity and ordering of writes and of directory operations), built
/// a tool (BOB) that measures them, and found that they vary widely across six popular Linux file
/// systems; their ALICE tool then found 60 crash vulnerabilities in eleven applications (databases,
/// key-value stores, version control, distributed systems) that relied on properties POSIX does not
/// promise. <see cref="Pessimistic"/> allows everything the POSIX contract allows for file data, so code
/// that survives it does not depend on any file system's extra promises about data. Directory
/// operations stay in order by default because journaling file systems commit them in order; btrfs
/// (and ext2) reorder them (Dan Luu's summary of the study, "Files are hard"): set
/// <see cref="ReorderedDirectoryOperations"/> to model that.
/// </para>
/// <para>
/// SQLite describes the same properties of a storage device as <c>xDeviceCharacteristics</c> bits
/// (<c>sqlite3.h</c>): <c>SQLITE_IOCAP_ATOMIC512</c> is <see cref="TornWrites"/> false with 512-byte
/// sectors, <c>SQLITE_IOCAP_SEQUENTIAL</c> ("written to disk in the same order as calls to xWrite")
/// is <see cref="ReorderedWrites"/> false, and <c>SQLITE_IOCAP_SAFE_APPEND</c> ("the data is appended
/// first then the size of the file is extended") is <see cref="LengthBeforeData"/> false. SQLite
/// assumes none of them by default, as <see cref="Pessimistic"/> does.
/// </para>
/// <para>
/// <see cref="Ext4Ordered"/> models ext4 with <c>data=ordered</c>, the Linux default. The kernel's ext4
/// documentation describes the mode: only metadata is journaled, but the data blocks a metadata change
/// refers to are written before that metadata is committed. So a grown size never survives without
/// its data (<see cref="LengthBeforeData"/> false), a file's writes reach the disk as a prefix of what
/// was issued (<see cref="ReorderedWrites"/> false, which is a simplification: overwrites of
/// existing blocks are not ordered by the journal), directory operations commit in journal order, and
/// a multi-sector write can still be torn at the device's sector size. Not modelled: ext4's
/// replace-via-rename heuristic (<c>auto_da_alloc</c>), which flushes a file's data before a rename
/// over an existing file commits.
/// </para>
/// </summary>
public sealed record CrashModel
{
    /// <summary>The unit of atomicity of a data write, in bytes: 512 by default (the logical sector of most disks); must be positive.</summary>
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
    /// reads as zeros (ext4 <c>data=writeback</c> journals only metadata and does not order data
    /// writes before it). false: a length change survives only with the data that produced it, so
    /// the part of a torn write that grows the file survives whole or not at all.
    /// </summary>
    public bool LengthBeforeData { get; init; } = true;

    /// <summary>
    /// Unsynced directory operations (create, rename, delete, mkdir) survive as an in-order prefix
    /// (a journaled file system), unless this is true: then any subset survives that keeps the
    /// operations on one file or one name in order (a create at a name never survives without the
    /// earlier rename or delete that freed it). Each single
    /// operation is atomic either way (a rename is never half done).
    /// </summary>
    public bool ReorderedDirectoryOperations { get; init; }

    /// <summary>What POSIX allows: torn, reordered writes, length before data; directory operations in order (the defaults).</summary>
    public static CrashModel Pessimistic { get; } = new();

    /// <summary>
    /// ext4 with <c>data=ordered</c> (the Linux default): writes torn at sector granularity but a
    /// file's writes persist in issue order, a length only with its data, directory operations in
    /// order (see the type's comment for what this simplifies).
    /// </summary>
    public static CrashModel Ext4Ordered { get; } = new()
    {
        TornWrites = true,
        ReorderedWrites = false,
        LengthBeforeData = false,
        ReorderedDirectoryOperations = false,
    };
}
