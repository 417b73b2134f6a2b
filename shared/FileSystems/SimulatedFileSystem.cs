using System.Diagnostics;
using FromScratch.Shared.IO;

namespace FromScratch.Shared.FileSystems;

/// <summary>
/// An in-memory <see cref="IFileSystem"/> that tracks, per file, the durable content (what is on the
/// platter) and the volatile content (the page cache), and per directory the durable and the volatile
/// entries, and can produce the state a machine finds after a power loss (<see cref="Crash"/>), with
/// the unsynced changes kept, lost, torn or reordered as its <see cref="CrashModel"/> allows. It also
/// cuts the power at a chosen operation (<see cref="PowerLossAfter"/>) and injects faults
/// (<see cref="Faults"/>). db-03's harness runs a workload on it, crashes it at every operation and
/// checks what recovery finds.
/// <para>
/// The state of one file and of one directory:
/// <code>
///  file /db/LOG (an inode: handles point at it, so it outlives its name)
///  +----------------------------------+
///  | durable   AAAAAAAA               |  DurableLength 8     survives every crash
///  | unsynced  1: write @8 "BBBB"     |  in issue order      a crash keeps a per-model choice
///  |           2: set-length 10       |                      of these, applied in order
///  |           3: write @2 "cc"       |
///  | volatile  AAccAAAABB             |  Length 10           what reads see now
///  +----------------------------------+
///
///  directory /db                         pending directory operations (one list, issue order)
///  (volatile = durable + pending)
///  +------------------------------+       +---------------------------------------------+
///  | durable   LOG, CURRENT, OLD  |       | 1: create /db/MANIFEST.tmp                  |
///  | volatile  LOG, CURRENT,      |  (+)  | 2: rename /db/MANIFEST.tmp to /db/MANIFEST  |
///  |           MANIFEST           |       | 3: delete /db/OLD                           |
///  +------------------------------+       +---------------------------------------------+
/// </code>
/// </para>
/// <para>
/// Invariants (hold whenever the lock is free; checked at the lock's entry and exit in Debug builds by
/// <c>AssertInvariants</c>, file contents up to 64 KiB):
/// <list type="number">
/// <item>Every file's volatile content equals its durable content with its history (the writes of
/// failed syncs and the changes synced after them) and its unsynced changes applied in issue order:
/// reads see every write, including those a failed Sync dropped.</item>
/// <item>A successful Sync makes the file's unsynced changes certain (applied to its durable content,
/// or appended to its history after a failed sync) and empties the list; a failed Sync moves them to
/// the history as uncertain: never written again, yet any part of them may already be on disk.
/// Nothing else changes durable file content (except <see cref="FaultPlan.FlipBit"/>).</item>
/// <item>Every directory's volatile entries equal its durable entries with the pending directory
/// operations applied in issue order. Every node has at most one name (there are no hard links).</item>
/// <item>SyncDirectory(d) makes durable the pending operations that touch d, except a rename between
/// two directories, which becomes durable only once both have been synced since it was issued; plus
/// every earlier pending operation on the same node or on the same name (directory and entry name),
/// so that a durable operation is never undone by an older one that a crash keeps later.</item>
/// <item>A crash outcome is a pure function of the state, the model and the random choices: the
/// durable tree plus a model-chosen set of pending operations (each whole or not at all), then, per
/// file reachable in that tree, the durable content plus a model-chosen set of pieces of its
/// unsynced changes, applied in issue order. The random draws happen in a fixed order (pending
/// operations first, then files in depth-first, ordinal name order).</item>
/// <item>After the power is lost, every operation throws <see cref="PowerLossException"/> and changes
/// nothing; only the crash methods (and handle Dispose, which never throws) still work.</item>
/// <item>The trace holds one entry per counted operation, numbered 1..<see cref="OperationCount"/>.</item>
/// <item>Under <see cref="FaultPlan.LimitSpace"/>, the space in use is the sum of what each file that
/// still has a name or an open handle holds; deleting or truncating a file gives its space back.</item>
/// </list>
/// </para>
/// <para>
/// Counted operations (<see cref="OperationCount"/>, <see cref="Trace"/>): every call that changes
/// state or makes it durable: Write and Append (of at least one byte), SetLength, Sync (also a
/// failing one, since it drops data), an OpenFile or Lock that creates or truncates, each directory
/// that CreateDirectory creates, DeleteFile, RenameFile, SyncDirectory (also a failing one). Reads,
/// Length, FileExists, DirectoryExists, ListDirectory, opening an existing file, Lock of an existing
/// file and Dispose are not counted. A call that fails validation (missing file, bad argument, lock
/// conflict) is not counted and changes nothing. A write that runs out of space (ENOSPC) writes the
/// part that fits, as <c>write(2)</c> returns a short count, and then throws; it is counted when it
/// wrote at least one byte.
/// </para>
/// <para>
/// Sync with <see cref="FileSyncKind.Data"/> and with <see cref="FileSyncKind.All"/> do the same here:
/// the model has no metadata besides the length, which both make durable.
/// </para>
/// <para>
/// Paths: any rooted path, normalised with <see cref="Path.GetFullPath(string)"/>; '/' and '\' are
/// both separators on every OS. Names are case-sensitive. Every root (<c>/</c>, or <c>C:\</c> on
/// Windows) exists durably from the start. Files are limited to <see cref="Array.MaxLength"/> bytes.
/// </para>
/// Thread-safe: every operation, on the file system and on its handles, takes one lock,
/// <see cref="Gate"/> (lock order: it is the only lock; the fault plan and the handles take the same one).
/// </summary>
public sealed class SimulatedFileSystem : IFileSystem
{
    private static readonly char[] Separators = ['/', '\\'];

    private readonly SortedDictionary<string, SimDirectory> _roots = new(StringComparer.Ordinal);
    private readonly SimNamespace _durable;
    private readonly List<SimDirectoryOperation> _pending = [];
    private readonly List<FileSystemOperation> _trace = [];
    private long _operationCount;
    private long? _powerLossAfter;
    private bool _powerLost;

    /// <summary>Creates an empty file system whose roots exist durably.</summary>
    /// <param name="model">The crash model; null means <see cref="CrashModel.Pessimistic"/>.</param>
    public SimulatedFileSystem(CrashModel? model = null)
        : this(model ?? CrashModel.Pessimistic, new SimNamespace())
    {
    }

    private SimulatedFileSystem(CrashModel model, SimNamespace durable)
    {
        if (model.SectorSize <= 0)
        {
            throw new ArgumentException($"SectorSize must be positive, not {model.SectorSize}.", nameof(model));
        }

        Model = model;
        _durable = durable;
        Faults = new FaultPlan(this);
    }

    /// <summary>The crash model that <see cref="Crash"/> follows.</summary>
    public CrashModel Model { get; }

    /// <summary>The number of counted operations so far (see the type's comment for which ones count).</summary>
    public long OperationCount
    {
        get
        {
            lock (Gate)
            {
                return _operationCount;
            }
        }
    }

    /// <summary>
    /// When set to k: operations 1..k run normally; the (k+1)-th counted operation and every
    /// operation after it (counted or not, on any handle) throws <see cref="PowerLossException"/> and
    /// changes nothing. null (the default): never. Setting it does not restore lost power.
    /// </summary>
    public long? PowerLossAfter
    {
        get
        {
            lock (Gate)
            {
                return _powerLossAfter;
            }
        }

        set
        {
            if (value is { } k)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(k, nameof(value));
            }

            lock (Gate)
            {
                _powerLossAfter = value;
            }
        }
    }

    /// <summary>Whether the simulated machine has lost power (every operation now throws <see cref="PowerLossException"/>).</summary>
    public bool PowerLost
    {
        get
        {
            lock (Gate)
            {
                return _powerLost;
            }
        }
    }

    /// <summary>The counted operations so far, in order (a snapshot; <see cref="FileSystemOperation.Index"/> is 1-based), for failure reports.</summary>
    public IReadOnlyList<FileSystemOperation> Trace
    {
        get
        {
            lock (Gate)
            {
                return _trace.ToArray();
            }
        }
    }

    /// <summary>The faults to inject (none by default).</summary>
    public FaultPlan Faults { get; }

    /// <summary>The one lock that guards the whole state, the handles' and the fault plan's included.</summary>
    internal object Gate { get; } = new();

    /// <summary>Cuts the power now (the same as setting <see cref="PowerLossAfter"/> to <see cref="OperationCount"/>).</summary>
    public void CutPower()
    {
        lock (Gate)
        {
            _powerLossAfter = _operationCount;
            _powerLost = true;
        }
    }

    /// <summary>
    /// A new, independent file system holding what a machine finds after a power loss at this
    /// moment: the durable state plus a choice, drawn from <paramref name="random"/>, of the unsynced
    /// changes, as <see cref="Model"/> allows (see <see cref="CrashModel"/>). Also cuts the power of
    /// this instance, so a workload cannot keep going. May be called many times on the same (dead)
    /// instance: each call is a pure function of the state and of <paramref name="random"/>'s draws,
    /// so the same seed yields the same outcome. The new instance has the same model, no faults, no
    /// locks, no open handles, <see cref="OperationCount"/> 0 and its whole state durable.
    /// </summary>
    /// <param name="random">The source of the crash's choices; seed it to replay an outcome.</param>
    public SimulatedFileSystem Crash(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return CrashCore(random, keepAll: false);
    }

    /// <summary>The crash outcome in which no unsynced change survived: exactly the durable state. Cuts the power.</summary>
    public SimulatedFileSystem CrashLosingAllUnsynced() => CrashCore(null, keepAll: false);

    /// <summary>
    /// The crash outcome in which every unsynced change survived, as if the page cache had been
    /// flushed just before the power went (writes dropped by a failed Sync stay lost). Cuts the power.
    /// </summary>
    public SimulatedFileSystem CrashKeepingAllUnsynced() => CrashCore(null, keepAll: true);

    /// <inheritdoc/>
    public IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false)
    {
        var fullPath = NormalizePath(path);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown open mode.");
        }

        lock (Gate)
        {
            ThrowIfPowerLost();
            AssertInvariants();
            var (parent, name) = ResolveParent(fullPath);
            parent.Entries.TryGetValue(name, out var existing);
            if (existing is SimDirectory)
            {
                throw new UnauthorizedAccessException($"Access to the path '{fullPath}' is denied: it is a directory.");
            }

            var inode = existing as SimInode;
            if (inode is null && mode is FileOpenMode.OpenExisting or FileOpenMode.OpenReadOnly)
            {
                throw new FileNotFoundException($"Could not find file '{fullPath}'.", fullPath);
            }

            if (inode is not null && mode == FileOpenMode.CreateNew)
            {
                throw new IOException($"The file '{fullPath}' already exists.");
            }

            if (inode is not null && (inode.ExclusivelyOpen || (exclusive && inode.OpenHandles > 0)))
            {
                throw new FileLockedException(fullPath);
            }

            if (inode is null)
            {
                BeginCounted();
                inode = new SimInode();
                parent.Entries[name] = inode;
                _pending.Add(SimDirectoryOperation.Link(FileSystemOperationKind.Create, parent, name, inode));
                EndCounted(FileSystemOperationKind.Create, fullPath);
            }
            else if (mode == FileOpenMode.CreateOrTruncate)
            {
                BeginCounted();
                inode.SetLength(0);
                Faults.Release(inode.Allocated);
                inode.Allocated = 0;
                EndCounted(FileSystemOperationKind.Truncate, fullPath);
            }

            inode.OpenHandles++;
            inode.ExclusivelyOpen |= exclusive;
            AssertInvariants();
            return new SimFileHandle(this, inode, fullPath, writable: mode != FileOpenMode.OpenReadOnly, exclusive);
        }
    }

    /// <inheritdoc/>
    public bool FileExists(string path)
    {
        var fullPath = NormalizePath(path);
        lock (Gate)
        {
            ThrowIfPowerLost();
            return TryResolve(fullPath) is SimInode;
        }
    }

    /// <inheritdoc/>
    public bool DirectoryExists(string path)
    {
        var fullPath = NormalizePath(path);
        lock (Gate)
        {
            ThrowIfPowerLost();
            return TryResolve(fullPath) is SimDirectory;
        }
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path)
    {
        var fullPath = NormalizePath(path);
        lock (Gate)
        {
            ThrowIfPowerLost();
            AssertInvariants();
            var (root, names) = Split(fullPath);
            var directory = Root(root);
            var current = root;
            foreach (var name in names)
            {
                current = Path.Join(current, name);
                if (directory.Entries.TryGetValue(name, out var node))
                {
                    directory = node as SimDirectory
                        ?? throw new IOException($"Cannot create directory '{fullPath}': '{current}' is a file.");
                    continue;
                }

                BeginCounted();
                var created = new SimDirectory();
                directory.Entries[name] = created;
                _pending.Add(SimDirectoryOperation.Link(FileSystemOperationKind.CreateDirectory, directory, name, created));
                EndCounted(FileSystemOperationKind.CreateDirectory, current);
                directory = created;
            }

            AssertInvariants();
        }
    }

    /// <inheritdoc/>
    public void DeleteFile(string path)
    {
        var fullPath = NormalizePath(path);
        lock (Gate)
        {
            ThrowIfPowerLost();
            AssertInvariants();
            var (parent, name) = TryResolveParent(fullPath);
            if (parent is null || !parent.Entries.TryGetValue(name, out var node) || node is not SimInode inode)
            {
                throw new FileNotFoundException($"Cannot delete '{fullPath}': no such file.", fullPath);
            }

            BeginCounted();
            parent.Entries.Remove(name);
            _pending.Add(SimDirectoryOperation.Unlink(parent, name, inode));
            Unlinked(inode);
            EndCounted(FileSystemOperationKind.Delete, fullPath);
            AssertInvariants();
        }
    }

    /// <inheritdoc/>
    public void RenameFile(string source, string destination)
    {
        var sourcePath = NormalizePath(source);
        var destinationPath = NormalizePath(destination);
        lock (Gate)
        {
            ThrowIfPowerLost();
            AssertInvariants();
            var (sourceParent, sourceName) = TryResolveParent(sourcePath);
            if (sourceParent is null || !sourceParent.Entries.TryGetValue(sourceName, out var node) || node is not SimInode inode)
            {
                throw new FileNotFoundException($"Could not find file '{sourcePath}'.", sourcePath);
            }

            var (destinationParent, destinationName) = ResolveParent(destinationPath);
            if (destinationParent.Entries.TryGetValue(destinationName, out var replaced) && replaced is SimDirectory)
            {
                throw new IOException($"Cannot rename '{sourcePath}' to '{destinationPath}': the destination is a directory.");
            }

            BeginCounted();
            sourceParent.Entries.Remove(sourceName);
            destinationParent.Entries[destinationName] = inode;
            _pending.Add(SimDirectoryOperation.Move(sourceParent, sourceName, destinationParent, destinationName, inode));
            if (replaced is SimInode overwritten && overwritten != inode)
            {
                Unlinked(overwritten);
            }

            EndCounted(FileSystemOperationKind.Rename, sourcePath, targetPath: destinationPath);
            AssertInvariants();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDirectory(string path)
    {
        var fullPath = NormalizePath(path);
        lock (Gate)
        {
            ThrowIfPowerLost();
            var directory = ResolveDirectory(fullPath);
            var names = directory.Entries.Keys.ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <inheritdoc/>
    public void SyncDirectory(string path)
    {
        var fullPath = NormalizePath(path);
        lock (Gate)
        {
            ThrowIfPowerLost();
            AssertInvariants();
            var directory = ResolveDirectory(fullPath);
            BeginCounted();
            if (Faults.ConsumeDirectorySyncFailure(fullPath))
            {
                EndCounted(FileSystemOperationKind.SyncDirectory, fullPath);
                throw new InjectedFaultException(FaultKind.SyncFailed, fullPath, $"Input/output error (injected): fsync of directory '{fullPath}' failed.");
            }

            // Walk back from the newest operation: one that touches the directory becomes durable
            // (a rename between two directories once both are synced), and so does every older one on
            // a node or on a name that a durable one links, moves or unlinks (invariant 4). The names matter for a rename across directories: syncing its
            // source must not leave an older create at (or rename away from) its target name pending,
            // or a crash that keeps that older operation would replace or drop the renamed file.
            var nodes = new HashSet<SimNode>();
            var names = new HashSet<(SimDirectory, string)>();
            var durableNow = new bool[_pending.Count];
            for (var i = _pending.Count - 1; i >= 0; i--)
            {
                var operation = _pending[i];
                if (operation.SyncedBy(directory)
                    || nodes.Contains(operation.Node)
                    || names.Contains((operation.Directory, operation.Name))
                    || (operation.FromDirectory is { } from && names.Contains((from, operation.FromName!))))
                {
                    durableNow[i] = true;
                    nodes.Add(operation.Node);
                    names.Add((operation.Directory, operation.Name));
                    if (operation.FromDirectory is { } source)
                    {
                        names.Add((source, operation.FromName!));
                    }
                }
            }

            var kept = new List<SimDirectoryOperation>(_pending.Count);
            for (var i = 0; i < _pending.Count; i++)
            {
                if (durableNow[i])
                {
                    _durable.Apply(_pending[i]);
                }
                else
                {
                    kept.Add(_pending[i]);
                }
            }

            _pending.Clear();
            _pending.AddRange(kept);
            EndCounted(FileSystemOperationKind.SyncDirectory, fullPath);
            AssertInvariants();
        }
    }

    /// <summary>
    /// Creates (if needed) and exclusively opens <paramref name="path"/>, as <see cref="RealFileSystem"/>
    /// does; the lock conflicts with another Lock and with any open of the file, and is released by
    /// disposing the returned object or by a crash. Counted only if it creates the file.
    /// </summary>
    /// <exception cref="FileLockedException">Another holder has the lock, or the file is open.</exception>
    public IDisposable Lock(string path) => OpenFile(path, FileOpenMode.OpenOrCreate, exclusive: true);

    /// <inheritdoc/>
    public override string ToString()
    {
        lock (Gate)
        {
            return $"SimulatedFileSystem({_operationCount} operations, {_pending.Count} pending directory operations{(_powerLost ? ", power lost" : "")})";
        }
    }

    // ---- used by the handles and the fault plan (each takes the lock) ------------------------

    internal static string NormalizePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.DirectorySeparatorChar == '/')
        {
            path = path.Replace('\\', '/');
        }

        if (!Path.IsPathRooted(path))
        {
            throw new ArgumentException($"The simulated file system takes rooted paths only, not '{path}'.", nameof(path));
        }

        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        return full.Length > root.Length ? full.TrimEnd(Separators) : full;
    }

    internal long HandleLength(SimFileHandle handle)
    {
        lock (Gate)
        {
            ThrowIfUnusable(handle);
            return handle.Inode.Volatile.Length;
        }
    }

    internal int HandleRead(SimFileHandle handle, Span<byte> buffer, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (Gate)
        {
            ThrowIfUnusable(handle);
            var content = handle.Inode.Volatile;
            var n = offset >= content.Length ? 0 : (int)Math.Min(buffer.Length, content.Length - offset);
            if (n > 0 && Faults.ReadFails(handle.Path, offset, n))
            {
                throw new InjectedFaultException(FaultKind.ReadFailed, handle.Path, $"Input/output error (injected): read of '{handle.Path}' at {offset} +{n} touches a bad range.");
            }

            return content.Read(buffer[..n], offset);
        }
    }

    internal long HandleWrite(SimFileHandle handle, ReadOnlySpan<byte> data, long offset, bool append)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        lock (Gate)
        {
            ThrowIfNotWritable(handle);
            AssertInvariants();
            var inode = handle.Inode;
            if (append)
            {
                offset = inode.Volatile.Length;
            }

            if (data.IsEmpty)
            {
                return offset;
            }

            var end = offset + data.Length;
            if (end > Array.MaxLength)
            {
                throw new IOException($"A simulated file is limited to {Array.MaxLength} bytes; a write to {end} was refused.");
            }

            var growth = end - inode.Volatile.Length;
            var allowed = Faults.GrowthAllowed(growth);
            if (allowed < growth)
            {
                // ENOSPC: write(2) writes what fits and returns a short count; the next call fails.
                var fits = (int)Math.Clamp(inode.Volatile.Length + allowed - offset, 0, data.Length);
                if (fits > 0)
                {
                    BeginCounted();
                    Charge(inode, Math.Max(0, offset + fits - inode.Volatile.Length));
                    inode.Write(data[..fits], offset);
                    EndCounted(FileSystemOperationKind.Write, handle.Path, offset, fits);
                }

                throw new InjectedFaultException(FaultKind.NoSpace, handle.Path, $"No space left on device (injected): a write of {data.Length} bytes at {offset} to '{handle.Path}' would grow it by {growth}; {fits} bytes were written.");
            }

            BeginCounted();
            Charge(inode, growth);
            inode.Write(data, offset);
            EndCounted(FileSystemOperationKind.Write, handle.Path, offset, data.Length);
            AssertInvariants();
            return offset;
        }
    }

    internal void HandleSetLength(SimFileHandle handle, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength);
        lock (Gate)
        {
            ThrowIfNotWritable(handle);
            BeginCounted();
            handle.Inode.SetLength(length);
            if (length < handle.Inode.Allocated)
            {
                Faults.Release(handle.Inode.Allocated - length);   // truncation gives space back
                handle.Inode.Allocated = length;
            }

            EndCounted(FileSystemOperationKind.SetLength, handle.Path, length: length);
            AssertInvariants();
        }
    }

    internal void HandleSync(SimFileHandle handle)
    {
        lock (Gate)
        {
            ThrowIfUnusable(handle);
            AssertInvariants();
            BeginCounted();
            if (Faults.ConsumeSyncFailure(handle.Path))
            {
                handle.Inode.DropUnsynced();
                EndCounted(FileSystemOperationKind.Sync, handle.Path);
                throw new InjectedFaultException(FaultKind.SyncFailed, handle.Path, $"Input/output error (injected): fsync of '{handle.Path}' failed; its unsynced writes will never be written again, and any part of them may or may not be on disk.");
            }

            handle.Inode.Sync();
            EndCounted(FileSystemOperationKind.Sync, handle.Path);
            AssertInvariants();
        }
    }

    internal void HandleDispose(SimFileHandle handle)
    {
        lock (Gate)
        {
            // Never throws, not even after a power loss: Dispose runs in finally blocks and must not
            // replace the exception that is unwinding.
            if (handle.Disposed)
            {
                return;
            }

            handle.Disposed = true;
            handle.Inode.OpenHandles--;
            if (handle.Exclusive)
            {
                handle.Inode.ExclusivelyOpen = false;
            }

            FreeIfGone(handle.Inode);
            AssertInvariants();
        }
    }

    internal void FlipBit(string fullPath, long offset, int bit)
    {
        lock (Gate)
        {
            if (TryResolve(fullPath) is not SimInode inode)
            {
                throw new FileNotFoundException($"Cannot flip a bit of '{fullPath}': no such file.", fullPath);
            }

            if (offset >= inode.Volatile.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, $"'{fullPath}' is {inode.Volatile.Length} bytes long.");
            }

            inode.FlipBit(offset, bit);
        }
    }

    // ---- private ---------------------------------------------------------------------------

    private SimulatedFileSystem CrashCore(Random? random, bool keepAll)
    {
        lock (Gate)
        {
            AssertInvariants();
            _powerLost = true;
            _powerLossAfter ??= _operationCount;

            // 1. Which pending directory operations survive: whole operations, an in-order prefix
            //    or (reordered) any subset, applied in issue order to a copy of the durable tree.
            var tree = _durable.Clone();
            if (random is null)
            {
                if (keepAll)
                {
                    _pending.ForEach(tree.Apply);
                }
            }
            else if (Model.ReorderedDirectoryOperations)
            {
                // Any subset of independent operations, but closed under order on the same node or
                // name: an operation survives only with every earlier one on its node or its names,
                // so a surviving create can never replace a file that an earlier, lost rename had
                // moved away (the file would vanish with no surviving operation removing it).
                var survives = _pending.Select(_ => random.Next(2) == 1).ToArray();
                var nodes = new HashSet<SimNode>();
                var names = new HashSet<(SimDirectory, string)>();
                for (var i = _pending.Count - 1; i >= 0; i--)
                {
                    var operation = _pending[i];
                    survives[i] |= nodes.Contains(operation.Node)
                        || names.Contains((operation.Directory, operation.Name))
                        || (operation.FromDirectory is { } from && names.Contains((from, operation.FromName!)));
                    if (survives[i])
                    {
                        nodes.Add(operation.Node);
                        names.Add((operation.Directory, operation.Name));
                        if (operation.FromDirectory is { } source)
                        {
                            names.Add((source, operation.FromName!));
                        }
                    }
                }

                for (var i = 0; i < _pending.Count; i++)
                {
                    if (survives[i])
                    {
                        tree.Apply(_pending[i]);
                    }
                }
            }
            else
            {
                var survivors = random.Next(_pending.Count + 1);
                for (var i = 0; i < survivors; i++)
                {
                    tree.Apply(_pending[i]);
                }
            }

            // 2. Copy what is reachable in that tree; each file gets its durable bytes plus the
            //    surviving pieces of its unsynced changes.
            var result = new SimulatedFileSystem(Model, new SimNamespace());
            foreach (var (root, directory) in _roots)
            {
                var copy = result.Root(root);
                CopyTree(tree, directory, copy, result, random, keepAll);
            }

            return result;
        }
    }

    private void CopyTree(SimNamespace tree, SimDirectory from, SimDirectory to, SimulatedFileSystem result, Random? random, bool keepAll)
    {
        foreach (var (name, node) in tree.EntriesOf(from))
        {
            SimNode copy;
            if (node is SimInode inode)
            {
                copy = SimInode.FromDurable(inode.ContentAfterCrash(Model, random, keepAll));
            }
            else
            {
                var directory = new SimDirectory();
                CopyTree(tree, (SimDirectory)node, directory, result, random, keepAll);
                copy = directory;
            }

            to.Entries[name] = copy;
            result._durable.Apply(SimDirectoryOperation.Link(FileSystemOperationKind.Create, to, name, copy));
        }
    }

    private void Charge(SimInode inode, long bytes)
    {
        Debug.Assert(Monitor.IsEntered(Gate), "Charge requires the lock Gate");
        if (bytes > 0)
        {
            Faults.Consume(bytes);
            inode.Allocated += bytes;
        }
    }

    // A file lost its name (deleted, or renamed over): its space comes back once no handle is open.
    private void Unlinked(SimInode inode)
    {
        Debug.Assert(Monitor.IsEntered(Gate), "Unlinked requires the lock Gate");
        inode.Linked = false;
        FreeIfGone(inode);
    }

    private void FreeIfGone(SimInode inode)
    {
        if (!inode.Linked && inode.OpenHandles == 0 && inode.Allocated > 0)
        {
            Faults.Release(inode.Allocated);
            inode.Allocated = 0;
        }
    }

    /// <summary>
    /// The numbered invariants of the type's comment that can be checked from the state: 6 and 7
    /// always; 3 (the durable tree with the pending operations applied is the volatile tree) and 1 for
    /// every file while at most 64 directory operations are pending (each file's own check is bounded
    /// too, see <see cref="SimInode.AssertInvariants"/>). Called at the entry and exit of the locked regions of the public
    /// operations, in Debug builds only.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(Monitor.IsEntered(Gate), "AssertInvariants requires the lock Gate");
        Debug.Assert(_trace.Count == _operationCount && (_trace.Count == 0 || _trace[^1].Index == _operationCount), "invariant 7: one trace entry per counted operation");
        Debug.Assert(!_powerLost || _powerLossAfter is not null, "invariant 6: lost power has a crash point");
        if (_pending.Count > 64)
        {
            return;   // the full check replays every pending operation: keep it cheap for long unsynced runs
        }

        var tree = _durable.Clone();
        _pending.ForEach(tree.Apply);
        var directories = new Stack<SimDirectory>(_roots.Values);
        while (directories.TryPop(out var directory))
        {
            var expected = tree.EntriesOf(directory).ToList();
            Debug.Assert(
                expected.Count == directory.Entries.Count && expected.All(e => directory.Entries.TryGetValue(e.Key, out var node) && node == e.Value),
                "invariant 3: the durable entries with the pending operations applied are the volatile entries");
            foreach (var child in directory.Entries.Values)
            {
                if (child is SimDirectory subdirectory)
                {
                    directories.Push(subdirectory);
                }
                else
                {
                    var inode = (SimInode)child;
                    Debug.Assert(inode.Linked, "a file reachable by name is linked");
                    inode.AssertInvariants();
                }
            }
        }
    }

    private SimDirectory Root(string root)
    {
        if (!_roots.TryGetValue(root, out var directory))
        {
            directory = new SimDirectory();
            _roots[root] = directory;
        }

        return directory;
    }

    private static (string Root, string[] Names) Split(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        return (root, fullPath[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries));
    }

    private SimNode? TryResolve(string fullPath)
    {
        var (root, names) = Split(fullPath);
        SimNode node = Root(root);
        foreach (var name in names)
        {
            if (node is not SimDirectory directory || !directory.Entries.TryGetValue(name, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    private (SimDirectory? Parent, string Name) TryResolveParent(string fullPath)
    {
        var (root, names) = Split(fullPath);
        if (names.Length == 0)
        {
            return (null, "");
        }

        var parent = TryResolve(Path.GetDirectoryName(fullPath)!) as SimDirectory;
        return (parent, names[^1]);
    }

    private (SimDirectory Parent, string Name) ResolveParent(string fullPath)
    {
        var (parent, name) = TryResolveParent(fullPath);
        if (name.Length == 0)
        {
            throw new UnauthorizedAccessException($"Access to the path '{fullPath}' is denied: it is a root directory.");
        }

        return parent is null
            ? throw new DirectoryNotFoundException($"Could not find a part of the path '{fullPath}'.")
            : (parent, name);
    }

    private SimDirectory ResolveDirectory(string fullPath) =>
        TryResolve(fullPath) as SimDirectory
        ?? throw new DirectoryNotFoundException($"Could not find a part of the path '{fullPath}'.");

    private void ThrowIfPowerLost()
    {
        if (_powerLost)
        {
            throw new PowerLossException(_operationCount);
        }
    }

    private void ThrowIfUnusable(SimFileHandle handle)
    {
        ThrowIfPowerLost();
        ObjectDisposedException.ThrowIf(handle.Disposed, handle);
    }

    private void ThrowIfNotWritable(SimFileHandle handle)
    {
        ThrowIfUnusable(handle);
        if (!handle.Writable)
        {
            throw new NotSupportedException($"'{handle.Path}' was opened read-only.");
        }
    }

    /// <summary>Called before a counted operation changes anything: the power goes here if it is due.</summary>
    private void BeginCounted()
    {
        Debug.Assert(Monitor.IsEntered(Gate), "BeginCounted requires the lock Gate");
        if (_powerLossAfter is { } k && _operationCount >= k)
        {
            _powerLost = true;
            throw new PowerLossException(_operationCount);
        }
    }

    private void EndCounted(FileSystemOperationKind kind, string path, long offset = 0, long length = 0, string? targetPath = null)
    {
        Debug.Assert(Monitor.IsEntered(Gate), "EndCounted requires the lock Gate");
        _operationCount++;
        _trace.Add(new FileSystemOperation(_operationCount, kind, path, offset, length, targetPath));
    }
}
