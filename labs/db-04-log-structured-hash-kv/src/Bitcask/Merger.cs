using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.Bitcask;

/// <summary>
/// The disk side of a merge: copies the live records of the input files into new files with
/// hints, commits, and finishes the switch-over; <see cref="BitcaskStore.Merge"/> does the
/// in-memory side between the commit and the deletion of the inputs.
/// <code>
///   phase        files on disk                                  a crash here recovers to
///   ───────────  ─────────────────────────────────────────────  ─────────────────────────────
///   copy         inputs + 000009.merge, 000009.hint (growing)   inputs (leftovers deleted)
///   sync         each output and its hint fsynced
///   commit       MERGE written atomically (tmp, fsync,          outputs (recovery finishes
///                rename, fsync directory)                        the switch-over from MERGE)
///   rename       000009.merge -> 000009.data; fsync directory   outputs
///   (in memory)  key directory entries moved to the outputs,    -
///                readers switch files
///   delete       inputs deleted; fsync directory                outputs
///   done         MERGE deleted; fsync directory                 outputs
/// </code>
/// Invariants that make every row safe: (1) an input is deleted only after MERGE is durable, and
/// MERGE is written only after every output and hint is durable; (2) the inputs are every data
/// file but the active one, so every record outside them is newer than every record in them, and
/// a tombstone can be dropped together with the older records it shadows; (3) a record is copied
/// with its sequence number, so a copy never wins over a newer write, whatever file it lands in.
/// <para>Thread-safety: <see cref="Copy"/> runs on the merging thread alongside readers and writers
/// (it reads the key directory, which is concurrent, and files nobody writes); the caller runs one
/// merge at a time.</para>
/// </summary>
internal static class Merger
{
    /// <summary>One output file and the key-directory moves it carries.</summary>
    public sealed record Output(int Id, long Length, List<(byte[] Key, KeyDirEntry From, KeyDirEntry To)> Moves);

    /// <summary>
    /// Copies the records of <paramref name="inputs"/> that the key directory points at into new
    /// files (<c>NNNNNN.merge</c>, each synced, each with a synced hint).
    /// </summary>
    /// <exception cref="CorruptionException">An input holds damage under a live key-directory entry: merging would lose that key.</exception>
    public static List<Output> Copy(IFileSystem fileSystem, string directory, IReadOnlyList<DataFile> inputs, KeyDirectory keyDirectory, long maxFileSize, Func<int> allocateId)
    {
        var outputs = new List<Output>();
        DataFileWriter? writer = null;
        List<HintEntry> hints = [];
        List<(byte[], KeyDirEntry, KeyDirEntry)> moves = [];
        var id = 0;

        void Finish()
        {
            if (writer is null)
            {
                return;
            }
            writer.Sync();
            var length = writer.Length;
            writer.Dispose();
            writer = null;
            HintFile.Write(fileSystem, DataFileNames.Hint(directory, id), hints);
            outputs.Add(new Output(id, length, moves));
            hints = [];
            moves = [];
        }

        try
        {
            foreach (var input in inputs)
            {
                var scan = input.Reader.Scan(0, resynchronize: true);
                List<KeyDirEntry> live = scan.Damage.Count == 0 ? [] : keyDirectory.Values().Where(e => e.FileId == input.Id).ToList();
                foreach (var d in scan.Damage)
                {
                    // Damage found when the store was opened is already out of the key directory, and
                    // merging drops it for good. Damage under a live entry (a record that went bad since)
                    // would silently lose that key: stop instead.
                    if (live.Any(e => e.Offset < d.Offset + d.Length && d.Offset < e.Offset + e.Size))
                    {
                        throw new CorruptionException(d.FilePath, d.Offset, $"{d.Reason}; a live record is in the damaged range, so the merge stops rather than lose it");
                    }
                }

                foreach (var record in scan.Records)
                {
                    if (record.IsTombstone
                        || !keyDirectory.TryGet(record.Key, out var current)
                        || current.FileId != input.Id
                        || current.Offset != record.Offset)
                    {
                        continue;   // overwritten, deleted, or itself a tombstone: garbage
                    }

                    if (writer is not null && writer.Length > 0 && writer.Length + record.Size > maxFileSize)
                    {
                        Finish();
                    }
                    if (writer is null)
                    {
                        id = allocateId();
                        writer = new DataFileWriter(fileSystem.OpenFile(DataFileNames.Merge(directory, id), FileOpenMode.CreateNew), ownsFile: true);
                    }

                    var offset = writer.Append(record.Sequence, RecordKind.Put, record.Key, record.Value);
                    hints.Add(new HintEntry(record.Key, record.Sequence, offset, record.Size));
                    moves.Add((record.Key, current, new KeyDirEntry(id, record.Size, offset, record.Sequence)));
                }
            }
            Finish();
            return outputs;
        }
        catch
        {
            // Nothing refers to the outputs yet: remove them (best effort; recovery would too).
            writer?.Dispose();
            foreach (var created in outputs.Select(o => o.Id).Append(id).Where(i => i > 0).Distinct())
            {
                foreach (var path in new[] { DataFileNames.Merge(directory, created), DataFileNames.Hint(directory, created) })
                {
                    try
                    {
                        if (fileSystem.FileExists(path))
                        {
                            fileSystem.DeleteFile(path);
                        }
                    }
                    catch (IOException)
                    {
                    }
                }
            }
            throw;
        }
    }

    /// <summary>The commit point: after this returns, a crash recovers to the outputs.</summary>
    public static void Commit(IFileSystem fileSystem, string directory, MergeManifest manifest) =>
        AtomicFile.Write(fileSystem, Path.Combine(directory, DataFileNames.MergeManifest), manifest.Encode());

    /// <summary>Renames the outputs into place (idempotent); the directory is synced before it returns.</summary>
    public static void InstallOutputs(IFileSystem fileSystem, string directory, MergeManifest manifest)
    {
        foreach (var id in manifest.Outputs)
        {
            var merging = DataFileNames.Merge(directory, id);
            if (fileSystem.FileExists(merging))
            {
                fileSystem.RenameFile(merging, DataFileNames.Data(directory, id));
            }
        }
        fileSystem.SyncDirectory(directory);
    }

    /// <summary>Deletes the inputs and then the manifest (idempotent), syncing the directory after each step.</summary>
    public static void RemoveInputs(IFileSystem fileSystem, string directory, MergeManifest manifest)
    {
        foreach (var id in manifest.Inputs)
        {
            foreach (var path in new[] { DataFileNames.Data(directory, id), DataFileNames.Hint(directory, id) })
            {
                if (fileSystem.FileExists(path))
                {
                    fileSystem.DeleteFile(path);
                }
            }
        }
        fileSystem.SyncDirectory(directory);
        fileSystem.DeleteFile(Path.Combine(directory, DataFileNames.MergeManifest));
        fileSystem.SyncDirectory(directory);
    }

    /// <summary>Recovery's half: finishes a committed merge.</summary>
    public static void CompleteSwitchOver(IFileSystem fileSystem, string directory, MergeManifest manifest)
    {
        InstallOutputs(fileSystem, directory, manifest);
        RemoveInputs(fileSystem, directory, manifest);
    }
}
