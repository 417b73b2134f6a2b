using System.Diagnostics;

namespace FromScratch.Shared.FileSystems;

/// <summary>
/// A simulated file's content: the durable base (bytes every crash keeps), the history of changes
/// after the base whose fate is known only in part (synced ones, which every crash keeps, mixed with
/// the writes of failed syncs, which a crash may or may not keep), the unsynced changes in issue order
/// (what a crash may or may not keep, as the model allows), and the volatile bytes (what reads see).
/// See <see cref="SimulatedFileSystem"/> for the invariants and <see cref="CrashModel"/> for the
/// shapes a crash may leave. Not thread-safe: the file system's lock guards every call.
/// <code>
///   volatile = Durable + History (every change, in order) + Unsynced (every change, in order)
///   a crash  = Durable + History (certain ones; uncertain ones maybe, maybe in part)
///                      + a model-chosen selection of the Unsynced pieces
/// </code>
/// </summary>
internal sealed class SimInode : SimNode
{
    private readonly List<SimFileChange> _unsynced = [];

    // Empty until a sync fails. Then: the dropped changes (Certain false) and every change synced
    // after them (Certain true), in issue order. It only grows: workloads with failed syncs are short.
    private readonly List<(SimFileChange Change, bool Certain)> _history = [];

    public SimInode()
    {
        Durable = new SimBytes();
        Volatile = new SimBytes();
    }

    private SimInode(SimBytes content)
    {
        Durable = content;
        Volatile = content.Clone();
        Allocated = content.Length;
    }

    /// <summary>The bytes every crash keeps (before <see cref="History"/>).</summary>
    public SimBytes Durable { get; }

    public SimBytes Volatile { get; }

    public IReadOnlyList<SimFileChange> Unsynced => _unsynced;

    /// <summary>Changes after <see cref="Durable"/>: those of failed syncs (uncertain) and those synced after them (certain).</summary>
    public IReadOnlyList<(SimFileChange Change, bool Certain)> History => _history;

    /// <summary>A failed sync dropped writes: reads see data whose fate on disk is unknown.</summary>
    public bool HasUncertainWrites => _history.Exists(h => !h.Certain);

    /// <summary>Handles open on this file, exclusive ones included.</summary>
    public int OpenHandles { get; set; }

    /// <summary>Whether one of the open handles (or a Lock) holds the file exclusively.</summary>
    public bool ExclusivelyOpen { get; set; }

    /// <summary>Whether a directory entry names this file (false once deleted or renamed over; its space is freed when no handle is open either).</summary>
    public bool Linked { get; set; } = true;

    /// <summary>The bytes of space this file holds under <see cref="FaultPlan.LimitSpace"/>: what its writes grew it by, less what truncation gave back.</summary>
    public long Allocated { get; set; }

    /// <summary>A file whose whole state is durable (the state after a crash).</summary>
    public static SimInode FromDurable(SimBytes content) => new(content);

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        var before = Volatile.Length;
        Volatile.Write(data, offset);
        _unsynced.Add(SimFileChange.Write(offset, data.ToArray(), before, Volatile.Length));
    }

    public void SetLength(long length)
    {
        var before = Volatile.Length;
        Volatile.SetLength(length);
        _unsynced.Add(SimFileChange.SetLength(length, before));
    }

    /// <summary>A successful sync: the unsynced changes become durable, in issue order.</summary>
    public void Sync()
    {
        if (_history.Count == 0)
        {
            foreach (var change in _unsynced)
            {
                change.ApplyTo(Durable);
            }
        }
        else
        {
            // Changes after a failed sync: certain now, but ordered after the uncertain ones.
            _history.AddRange(_unsynced.Select(c => (c, true)));
        }

        _unsynced.Clear();
    }

    /// <summary>
    /// A failed sync (Linux since 4.13): the unsynced changes are never written again (their pages
    /// were marked clean), yet reads still return them, and some of them may have reached the disk
    /// before the error: a crash keeps each, in part or whole, or not (Rebello et al., ATC '20).
    /// </summary>
    public void DropUnsynced()
    {
        _history.AddRange(_unsynced.Select(c => (c, false)));
        _unsynced.Clear();
    }

    public void FlipBit(long offset, int bit)
    {
        Volatile.FlipBit(offset, bit);
        if (offset < Durable.Length)
        {
            Durable.FlipBit(offset, bit);
        }

        foreach (var change in _history.Select(h => h.Change).Concat(_unsynced))
        {
            if (change.Data is { } data && offset >= change.Offset && offset < change.Offset + data.Length)
            {
                data[offset - change.Offset] ^= (byte)(1 << bit);
            }
        }
    }

    /// <summary>
    /// Invariant 1 of <see cref="SimulatedFileSystem"/>: the durable base plus every change of the
    /// history and of the unsynced list, in order, is the volatile content. Always checks that the last
    /// change leaves the volatile length; replays the changes and compares contents only for files of
    /// at most 256 pending changes and 64 KiB, so that the check stays cheap in tests that append
    /// thousands of records.
    /// </summary>
    [Conditional("DEBUG")]
    public void AssertInvariants()
    {
        var last = _unsynced.Count > 0 ? _unsynced[^1] : _history.Count > 0 ? _history[^1].Change : null;
        Debug.Assert((last?.LengthAfter ?? Durable.Length) == Volatile.Length, "invariant 1: the last change leaves the volatile length");
        Debug.Assert(Allocated >= 0, "the space a file holds is never negative");
        if (_unsynced.Count + _history.Count > 256 || Volatile.Length > 64 * 1024 || Durable.Length > 64 * 1024)
        {
            return;
        }

        var replay = Durable.Clone();
        foreach (var change in _history.Select(h => h.Change).Concat(_unsynced))
        {
            Debug.Assert(change.LengthBefore == replay.Length, "invariant 1: each change starts at the length the previous one left");
            change.ApplyTo(replay);
        }

        Debug.Assert(replay.Span.SequenceEqual(Volatile.Span), "invariant 1: durable + history + unsynced, applied in order, is the volatile content");
    }

    /// <summary>
    /// The content after a crash: the durable base, the history (certain changes always, uncertain
    /// ones as <paramref name="random"/> chooses), then a choice of the unsynced changes as
    /// <paramref name="model"/> allows. <paramref name="random"/> null picks an extreme: every unsynced
    /// change (<paramref name="keepAll"/>) or none; the writes of failed syncs stay lost in both.
    /// </summary>
    public SimBytes ContentAfterCrash(CrashModel model, Random? random, bool keepAll)
    {
        var content = Durable.Clone();
        foreach (var (change, certain) in _history)
        {
            if (certain)
            {
                change.ApplyTo(content);
            }
            else if (random is not null)
            {
                ApplyUncertain(change, content, model, random);
            }
        }

        var changes = _unsynced;
        if (random is null)
        {
            if (keepAll)
            {
                changes.ForEach(c => c.ApplyTo(content));
            }

            return content;
        }

        if (changes.Count == 0)
        {
            return content;
        }

        if (model.ReorderedWrites)
        {
            // Every change (every sector of a write, if torn) reaches the disk or not, independently.
            foreach (var change in changes)
            {
                ApplyUncertain(change, content, model, random);
            }
        }
        else if (model.OrderedOverwrites)
        {
            // A prefix in issue order reaches the disk; the first change after it may be in part there.
            var survivors = random.Next(changes.Count + 1);
            for (var i = 0; i < survivors; i++)
            {
                changes[i].ApplyTo(content);
            }

            if (survivors < changes.Count && changes[survivors].IsWrite)
            {
                ApplySomeSectors(changes[survivors], content, model, random, growthAllowed: true);
            }
        }
        else
        {
            ApplyOrderedMetadata(changes, content, model, random);
        }

        if (model.LengthBeforeData)
        {
            content.SetLength(PickLength(changes, model, random));
        }

        return content;
    }

    /// <summary>
    /// ext4 <c>data=ordered</c>: changes of the length (growing writes, truncations) are journaled
    /// metadata and persist as a prefix in issue order, the first lost one possibly in part (a sector
    /// prefix of its growth, since the data is written before the size that covers it); overwrites
    /// inside the file's length are plain data writes, which the journal does not order: each
    /// survives, whole or in part, on its own, but never past the length the crash kept.
    /// </summary>
    private static void ApplyOrderedMetadata(List<SimFileChange> changes, SimBytes content, CrashModel model, Random random)
    {
        var metadata = changes.Count(c => c.Grows || !c.IsWrite);
        var kept = random.Next(metadata + 1);
        var rank = 0;
        foreach (var change in changes)
        {
            if (change.Grows || !change.IsWrite)
            {
                if (rank < kept)
                {
                    change.ApplyTo(content);
                }
                else if (rank == kept && change.IsWrite)
                {
                    ApplySomeSectors(change, content, model, random, growthAllowed: true);
                }

                rank++;
            }
            else
            {
                ApplySomeSectors(change, content, model, random, growthAllowed: false);
            }
        }
    }

    /// <summary>A change that may have reached the disk in part: a write sector by sector (if torn), a length change whole or not.</summary>
    private static void ApplyUncertain(SimFileChange change, SimBytes content, CrashModel model, Random random)
    {
        if (change.IsWrite)
        {
            ApplySomeSectors(change, content, model, random, growthAllowed: true);
        }
        else if (random.Next(2) == 1)
        {
            change.ApplyTo(content);
        }
    }

    /// <summary>
    /// Applies a write of which some <paramref name="model"/>.SectorSize-aligned pieces (aligned to file
    /// offsets, not to the write) reached the disk. Without <see cref="CrashModel.TornWrites"/> the
    /// write survives whole or not at all. With it, the outcome is drawn among four shapes, so that
    /// both ends stay likely however many sectors the write has: none, all, a prefix of the pieces
    /// (a device writing in order and stopping), or each piece on its own.
    /// <para>
    /// Pieces past the crashed file's current length grow it. Unless the model lets a length persist
    /// before its data, they survive only as a prefix of the growth (the size is committed after the
    /// data it covers: ext4 <c>data=ordered</c>, SQLite's <c>SAFE_APPEND</c>), so a torn append can end
    /// the file in the middle of a record but never leaves a hole of zeros inside the new length.
    /// <paramref name="growthAllowed"/> false drops every growing piece (an overwrite whose range a
    /// lost length change did not keep).
    /// </para>
    /// </summary>
    private static void ApplySomeSectors(SimFileChange write, SimBytes content, CrashModel model, Random random, bool growthAllowed)
    {
        var data = write.Data!;
        var start = write.Offset;
        var end = write.Offset + data.Length;
        var oldLength = content.Length;
        if (!model.TornWrites)
        {
            if (random.Next(2) == 1 && (growthAllowed || end <= oldLength))
            {
                write.ApplyTo(content);
            }

            return;
        }

        var sectorSize = model.SectorSize;
        var pieces = (int)(((end - 1) / sectorSize) - (start / sectorSize) + 1);
        var shape = random.Next(4);                                  // 0 none, 1 all, 2 a prefix, 3 each on its own
        var prefix = shape == 2 ? random.Next(pieces + 1) : 0;
        var growthOpen = growthAllowed;
        var pieceStart = start;
        for (var i = 0; i < pieces; i++)
        {
            var pieceEnd = Math.Min(end, ((pieceStart / sectorSize) + 1) * sectorSize);
            var survives = shape switch
            {
                0 => false,
                1 => true,
                2 => i < prefix,
                _ => random.Next(2) == 1,
            };
            if (pieceEnd > oldLength)
            {
                // A growing piece: with ordered sizes, the growth that survives is a prefix.
                survives &= growthOpen;
                if (!model.LengthBeforeData && !survives)
                {
                    growthOpen = false;
                }
            }

            if (survives)
            {
                write.ApplyRange(content, pieceStart, pieceEnd);
            }

            pieceStart = pieceEnd;
        }
    }

    /// <summary>
    /// With <see cref="CrashModel.LengthBeforeData"/>, the length a crash leaves: the length before the
    /// unsynced changes or after any one of them, or, for a write that grew the file, a sector
    /// boundary inside its growth (the kernel extends the size page by page as a large write copies).
    /// </summary>
    private static long PickLength(List<SimFileChange> changes, CrashModel model, Random random)
    {
        var point = random.Next(changes.Count + 1);
        if (point == 0)
        {
            return changes[0].LengthBefore;
        }

        var change = changes[point - 1];
        if (change.Grows && random.Next(2) == 0)
        {
            var firstBoundary = ((change.LengthBefore / model.SectorSize) + 1) * model.SectorSize;
            var boundaries = firstBoundary < change.LengthAfter ? ((change.LengthAfter - 1 - firstBoundary) / model.SectorSize) + 1 : 0;
            if (boundaries > 0)
            {
                return firstBoundary + (random.NextInt64(boundaries) * model.SectorSize);
            }
        }

        return change.LengthAfter;
    }
}
