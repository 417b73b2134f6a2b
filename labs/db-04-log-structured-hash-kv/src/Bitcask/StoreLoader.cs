using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask;

/// <summary>
/// Recovery: turns a store directory, as a crash or a clean shutdown left it, into a key directory
/// and a set of open data files.
/// <code>
///   1. MERGE present  -> the merge committed: rename its NNNNNN.merge outputs to .data, delete
///                        its inputs, sync the directory, delete MERGE.  (finish the switch-over)
///   2. leftovers      -> delete NNNNNN.merge not named by a manifest, hints without a data
///                        file, MERGE.tmp: an uncommitted merge, whose inputs are all still there.
///   3. every NNNNNN.data in any order:
///        with a valid hint  -> load the hint's entries (no data read)
///        otherwise          -> scan the records; resynchronise after damage, except in the
///                              "tail file" (below), where the scan stops at the first damage
///      each record or entry: keep it if its sequence is the highest seen for its key;
///      a tombstone removes the key (and is remembered, so an older put loaded later loses)
///   4. the tail file (the highest-numbered data file without a hint: the one that was being
///      appended to when the store stopped) is cut after its last whole record and whole batch,
///      and fsynced (a dead process may have left its last records in the page cache only).
/// </code>
/// Why the tail file alone may be cut: every other data file was synced before the next one was
/// created (rollover) or is a merge output synced before the merge committed, so damage in it is
/// corruption, not a crash; the tail file may end with a torn record, or hold a hole followed by
/// records that reached the disk out of order, none of which was acknowledged as durable (a synced
/// write syncs everything before it in the file). Cutting at the first damage keeps the recovered
/// writes a prefix of the writes made. The price: a bit flipped in the tail file (not a crash) is
/// taken for a torn tail too, and every record after it is cut, synced ones included.
/// <para><b>Damage in a closed file</b> (by default; <c>ParanoidChecks</c> refuses to open
/// instead): the bad record is skipped, reported in <see cref="RecoveryReport.Damage"/> (and
/// <see cref="RecoveryReport.FoundCorruption"/>), and the scan resumes at the next valid record.
/// Its bytes are never returned, but its key cannot be known for sure (the key bytes are under the
/// failed checksum too), so if an older record of that key survives elsewhere, that older value
/// becomes the key's value again, or a deleted key comes back if the bad record was its tombstone.
/// This is LevelDB's choice for a damaged log record without <c>paranoid_checks</c>: keep serving
/// what is intact and say what was lost. A caller that cannot accept a silently older value must
/// check <see cref="RecoveryReport.FoundCorruption"/> or set <c>ParanoidChecks</c>.</para>
/// </summary>
internal static class StoreLoader
{
    public static LoadedState Load(IFileSystem fileSystem, string directory, BitcaskOptions options)
    {
        var discarded = new List<string>();
        var completedMerge = FinishCommittedMerge(fileSystem, directory);
        DiscardLeftovers(fileSystem, directory, discarded);

        var names = fileSystem.ListDirectory(directory);
        var dataIds = Ids(names, DataFileNames.DataSuffix);
        var hintIds = Ids(names, DataFileNames.HintSuffix).ToHashSet();
        var tailId = dataIds.Where(id => !hintIds.Contains(id)).DefaultIfEmpty(0).Max();

        var keyDirectory = new KeyDirectory();
        var tombstones = new Dictionary<byte[], ulong>(ByteArrayComparer.Instance);
        var rejectedHints = new List<string>();
        var damage = new List<DataFileDamage>();
        var files = new List<DataFile>();
        var fromHints = 0;
        var scanned = 0;
        long truncated = 0;
        long totalBytes = 0;
        long liveBytes = 0;
        ulong maxSequence = 0;
        DataFile? tail = null;

        void Apply(byte[] key, KeyDirEntry entry, bool tombstone)
        {
            maxSequence = Math.Max(maxSequence, entry.Sequence);
            ulong? current = keyDirectory.TryGet(key, out var existing) ? existing.Sequence
                : tombstones.TryGetValue(key, out var deletedAt) ? deletedAt : null;
            if (current is { } newest && entry.Sequence < newest)
            {
                return;
            }
            if (tombstone)
            {
                liveBytes -= keyDirectory.Remove(key)?.Size ?? 0;
                tombstones[key] = entry.Sequence;
            }
            else
            {
                liveBytes += entry.Size - (keyDirectory.Set(key, entry)?.Size ?? 0);
                tombstones.Remove(key);
            }
        }

        try
        {
            foreach (var id in dataIds)
            {
                var path = DataFileNames.Data(directory, id);
                var isTail = id == tailId;
                var hasHint = hintIds.Contains(id);
                var handle = fileSystem.OpenFile(path, isTail ? FileOpenMode.OpenExisting : FileOpenMode.OpenReadOnly);
                var file = new DataFile(id, handle, hasHint);
                files.Add(file);

                if (hasHint && TryLoadHint(fileSystem, directory, file, Apply, rejectedHints))
                {
                    fromHints++;
                    totalBytes += handle.Length;
                    file.MapForReading(options);
                    continue;
                }

                scanned++;
                var (validEnd, fileDamage) = LoadRecords(file, isTail, Apply);
                damage.AddRange(fileDamage);
                if (isTail)
                {
                    tail = file;
                    if (validEnd < handle.Length)
                    {
                        truncated = handle.Length - validEnd;
                        handle.SetLength(validEnd);
                    }
                    // The records just loaded may be a dead process's unsynced writes, still in the page
                    // cache: they are served from now on, so they must be durable before any new write
                    // (the store may start a new active file, and a synced write there must not
                    // outlive them). This is the rollover's sync, done at open.
                    handle.Sync(FileSyncKind.Data);
                }
                else if (options.ParanoidChecks && fileDamage.Count > 0)
                {
                    var first = fileDamage[0];
                    throw new CorruptionException(first.FilePath, first.Offset, $"{first.Reason} (ParanoidChecks: the store refuses to open with damage in a closed data file)");
                }
                else
                {
                    file.MapForReading(options);   // a closed file: never appended to again
                }
                totalBytes += handle.Length;
            }
        }
        catch
        {
            foreach (var file in files)
            {
                file.Dispose();
            }
            throw;
        }

        var report = new RecoveryReport(fromHints, scanned, rejectedHints, damage, truncated, completedMerge, discarded);
        var nextFileId = dataIds.Count == 0 ? 1 : dataIds[^1] + 1;
        return new LoadedState(keyDirectory, files, tail, maxSequence + 1, nextFileId, totalBytes, liveBytes, report);
    }

    private static List<int> Ids(IEnumerable<string> names, string suffix) =>
        [.. names.Select(n => DataFileNames.TryParse(n, suffix, out var id) ? id : 0).Where(id => id > 0).Order()];

    private static bool TryLoadHint(IFileSystem fileSystem, string directory, DataFile file, Action<byte[], KeyDirEntry, bool> apply, List<string> rejected)
    {
        IReadOnlyList<HintEntry> entries;
        try
        {
            entries = HintFile.Read(fileSystem, DataFileNames.Hint(directory, file.Id));
        }
        catch (CorruptionException e)
        {
            rejected.Add(e.Message);
            return false;
        }

        var length = file.Handle.Length;
        foreach (var entry in entries)
        {
            if (entry.Offset + entry.Size > length)
            {
                rejected.Add($"{DataFileNames.Hint(directory, file.Id)}: an entry points past the end of {file.Path} (offset {entry.Offset}, size {entry.Size}, file length {length})");
                return false;
            }
        }
        foreach (var entry in entries)
        {
            apply(entry.Key, new KeyDirEntry(file.Id, entry.Size, entry.Offset, entry.Sequence), false);
        }
        return true;
    }

    // Reads a data file's records into the key directory, a batch only when it is whole. Returns
    // the end of the valid prefix (whole records, whole batches) and the damage found.
    private static (long ValidEnd, List<DataFileDamage> Damage) LoadRecords(DataFile file, bool isTail, Action<byte[], KeyDirEntry, bool> apply)
    {
        var scan = file.Reader.Scan(0, resynchronize: !isTail);
        var damage = scan.Damage.ToList();
        var pending = new List<DataRecord>();
        var validEnd = scan.ValidLength;

        void DropPending(long end, bool tornTail)
        {
            var start = pending[0].Offset;
            damage.Add(new DataFileDamage(file.Path, start, end - start, $"incomplete batch: {pending.Count} record(s) whose batch has no last record", tornTail));
            if (start < validEnd)
            {
                validEnd = start;
            }
            pending.Clear();
        }

        foreach (var record in scan.Records)
        {
            if (pending.Count > 0 && pending[^1].End != record.Offset)
            {
                DropPending(pending[^1].End, tornTail: false);   // damage inside the batch
            }
            pending.Add(record);
            if (record.BatchContinues)
            {
                continue;
            }
            foreach (var r in pending)
            {
                apply(r.Key, new KeyDirEntry(file.Id, r.Size, r.Offset, r.Sequence), r.IsTombstone);
            }
            pending.Clear();
        }
        if (pending.Count > 0)
        {
            DropPending(pending[^1].End, tornTail: isTail && damage.All(d => d.IsTornTail));
        }
        damage.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        if (isTail && damage.Count > 0)
        {
            // Everything from the first damage on is cut: report it as one torn tail. Valid records
            // after a hole are unsynced writes that reached the disk out of order (a synced write
            // syncs everything before it), so dropping them keeps the recovered writes a prefix.
            var first = damage[0];
            var length = file.Handle.Length;
            var reason = first.IsTornTail
                ? first.Reason
                : $"{first.Reason}; valid records follow it and were cut with it (unsynced writes that reached the disk out of order)";
            damage = [new DataFileDamage(file.Path, first.Offset, length - first.Offset, reason, IsTornTail: true)];
        }
        return (validEnd, damage);
    }

    // Step 1: a MERGE manifest means the merge committed; finish what it started (idempotent).
    private static bool FinishCommittedMerge(IFileSystem fileSystem, string directory)
    {
        var manifestPath = Path.Combine(directory, DataFileNames.MergeManifest);
        if (!fileSystem.FileExists(manifestPath))
        {
            return false;
        }

        var manifest = MergeManifest.Read(fileSystem, manifestPath);
        Merger.CompleteSwitchOver(fileSystem, directory, manifest);
        return true;
    }

    // Step 2: what an uncommitted merge left behind.
    private static void DiscardLeftovers(IFileSystem fileSystem, string directory, List<string> discarded)
    {
        var names = fileSystem.ListDirectory(directory);
        var data = Ids(names, DataFileNames.DataSuffix).ToHashSet();
        var leftovers = names.Where(n =>
                DataFileNames.TryParse(n, DataFileNames.MergeSuffix, out _)
                || (DataFileNames.TryParse(n, DataFileNames.HintSuffix, out var id) && !data.Contains(id))
                || n == DataFileNames.MergeManifest + AtomicFile.TempSuffix)
            .ToList();
        foreach (var name in leftovers)
        {
            fileSystem.DeleteFile(Path.Combine(directory, name));
            discarded.Add(name);
        }
        if (leftovers.Count > 0)
        {
            fileSystem.SyncDirectory(directory);
        }
    }
}
