namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The crash model of a <see cref="SimulatedFileSystem"/>: which unsynced changes may survive a power
/// loss, and in what shape. Synced state always survives; the knobs below only widen or narrow what
/// can happen to the rest.
/// <code>
///  knob                          true                                   false
///  ---------------------------------------------------------------------------------------------
///  TornWrites                    each SectorSize-aligned piece of a     a write survives whole or
///  (Pessimistic: true)           write may survive without the others   not at all
///  ReorderedWrites               any subset of a file's unsynced        length changes persist as a
///  (Pessimistic: true)           changes survives                       prefix in issue order (the
///                                                                       next one maybe torn)
///  LengthBeforeData              the length may be any length the file  the length is what the
///  (Pessimistic: true)           had since the last sync, a sector      surviving changes produced;
///                                boundary inside a growing write        a torn write's growth
///                                included; a range the data did not     survives as a sector prefix
///                                reach reads as zeros
///  ReorderedDirectoryOperations  any subset of the pending directory    a prefix, in issue order
///  (Pessimistic: false)          operations survives                    (journaled file systems)
///  OrderedOverwrites             every change, overwrites included,     overwrites inside the length
///  (Pessimistic: false; used     persists as a prefix in issue order    survive each on its own
///   only when ReorderedWrites    (a simplification of ordered mode)     (ext4 data=ordered)
///   is false)
/// </code>
/// A torn write survives in one of four shapes, drawn with equal odds: not at all, whole, a prefix of
/// its sectors, or each sector on its own; so both ends stay likely for a write of any size. A write
/// that grows the file survives, when the length may not precede the data, as a sector prefix of its
/// growth: the file may end in the middle of a record, but never has a hole of zeros inside its length.
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
/// its data (<see cref="LengthBeforeData"/> false), the changes of a file's length (appends,
/// truncations) persist as a prefix of what was issued (<see cref="ReorderedWrites"/> false), while
/// overwrites of existing blocks are not ordered by the journal and persist each on its own
/// (<see cref="OrderedOverwrites"/> false; ALICE lists ext4-ordered as not ordering overwrites),
/// directory operations commit in journal order, and a multi-sector write can still be torn at the
/// device's sector size. Not modelled: ext4's replace-via-rename heuristic (<c>auto_da_alloc</c>),
/// which flushes a file's data before a rename over an existing file commits.
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

    /// <summary>
    /// With <see cref="ReorderedWrites"/> false: every change of a file, overwrites inside its length
    /// included, persists as a prefix in issue order (the last one possibly torn). A simplification
    /// kept as an option: real ordered-mode file systems order only the changes of the length and
    /// let overwrites of existing blocks reach the disk in any order, which is what false (the
    /// default, and <see cref="Ext4Ordered"/>) models. No effect when writes are reordered anyway.
    /// </summary>
    public bool OrderedOverwrites { get; init; }

    /// <summary>What POSIX allows: torn, reordered writes, length before data; directory operations in order (the defaults).</summary>
    public static CrashModel Pessimistic { get; } = new();

    /// <summary>
    /// ext4 with <c>data=ordered</c> (the Linux default): writes torn at sector granularity, a file's
    /// length changes persist in issue order and only with their data, overwrites inside the length
    /// each on its own, directory operations in order (see the type's comment for what this simplifies).
    /// </summary>
    public static CrashModel Ext4Ordered { get; } = new()
    {
        TornWrites = true,
        ReorderedWrites = false,
        LengthBeforeData = false,
        ReorderedDirectoryOperations = false,
        OrderedOverwrites = false,
    };
}
