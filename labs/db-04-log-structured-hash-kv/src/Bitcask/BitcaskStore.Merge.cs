using System.Diagnostics;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.Bitcask;

// BitcaskStore, part 2 of 3: the in-memory side of a merge (the disk side is Merger).
public sealed partial class BitcaskStore
{
    /// <summary>
    /// Rewrites the live records of every closed data file into new files with hints, then switches
    /// over and deletes the old files (protocol: <c>Merger</c>). Reads and writes continue meanwhile;
    /// the active file is first closed (rolled over) so that it is merged too. Runs on the calling
    /// thread; a second concurrent call waits for the first.
    /// </summary>
    /// <returns>What was merged.</returns>
    /// <remarks>Damage that recovery reported and skipped is dropped for good by the merge (its records
    /// were never loaded); damage under a live record (a record that went bad after the store was
    /// opened) stops the merge instead.</remarks>
    /// <exception cref="CorruptionException">A live record of a file to merge fails its checksum; nothing was changed.</exception>
    public MergeResult Merge()
    {
        lock (_mergeLock)
        {
            var started = Stopwatch.GetTimestamp();
            List<DataFile> inputs;
            lock (_writeLock)
            {
                ThrowIfUnusable();
                if (_activeWriter.Length > 0)
                {
                    RolloverLocked();
                }
                inputs = [.. _files.Values.Where(f => f.Id != _active.Id).OrderBy(f => f.Id)];
            }
            if (inputs.Count == 0)
            {
                return MergeResult.Nothing;
            }

            // Before the commit nothing refers to the outputs: a failure here leaves the store as it was.
            var outputs = Merger.Copy(_fileSystem, Directory, inputs, _keyDirectory, Options.MaxFileSize, AllocateFileId);

            var manifest = new MergeManifest([.. inputs.Select(f => f.Id)], [.. outputs.Select(o => o.Id)]);
            var opened = new List<DataFile>();
            try
            {
                Merger.Commit(_fileSystem, Directory, manifest);
                Merger.InstallOutputs(_fileSystem, Directory, manifest);
                foreach (var output in outputs)
                {
                    var file = new DataFile(output.Id, _fileSystem.OpenFile(DataFileNames.Data(Directory, output.Id), FileOpenMode.OpenReadOnly), hasHint: true);
                    opened.Add(file);
                    file.MapForReading(Options);
                }
            }
            catch (Exception e)
            {
                // On disk the merge may have committed; recovery at the next open finishes it.
                foreach (var file in opened)
                {
                    file.Dispose();
                }
                Poison(e);
                throw;
            }

            long copied = 0;
            long reclaimed;
            lock (_writeLock)
            {
                _filesLock.EnterWriteLock();
                try
                {
                    var inputBytes = inputs.Sum(f => f.Handle.Length);
                    var outputBytes = outputs.Sum(o => o.Length);
                    foreach (var output in outputs)
                    {
                        foreach (var (key, from, to) in output.Moves)
                        {
                            // A write or delete during the merge wins: its entry is no longer `from`.
                            if (_keyDirectory.TryReplace(key, from, to))
                            {
                                copied++;
                            }
                        }
                    }
                    foreach (var file in opened)
                    {
                        _files.Add(file.Id, file);
                    }
                    foreach (var input in inputs)
                    {
                        _files.Remove(input.Id);
                        input.Dispose();
                    }
                    reclaimed = inputBytes - outputBytes;
                    _totalBytes -= reclaimed;
                    _merges++;
                    _bytesReclaimed += reclaimed;
                    BitcaskMetrics.RecordSpace(0, 0, -reclaimed);
                }
                finally
                {
                    _filesLock.ExitWriteLock();
                }

                AssertInvariants();
            }

            try
            {
                Merger.RemoveInputs(_fileSystem, Directory, manifest);
            }
            catch (Exception e)
            {
                Poison(e);
                throw;
            }
            BitcaskMetrics.RecordMerge(reclaimed, Stopwatch.GetElapsedTime(started));
            return new MergeResult(manifest.Inputs, manifest.Outputs, copied, reclaimed);
        }
    }
}
