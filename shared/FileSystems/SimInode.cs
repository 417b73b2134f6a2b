using System.Diagnostics;

namespace FromScratch.Shared.FileSystems;

/// <summary>
/// A simulated file's content: the durable bytes (what survives any crash), the volatile bytes
/// (what reads see), and the unsynced changes in issue order (what a crash may or may not keep).
/// See <see cref="SimulatedFileSystem"/> for the invariants. Not thread-safe: the file system's lock
/// guards every call.
/// </summary>
internal sealed class SimInode : SimNode
{
    private readonly List<SimFileChange> _unsynced = [];

    public SimInode()
    {
        Durable = new SimBytes();
        Volatile = new SimBytes();
    }

    private SimInode(SimBytes content)
    {
        Durable = content;
        Volatile = content.Clone();
    }

    public SimBytes Durable { get; }

    public SimBytes Volatile { get; }

    public IReadOnlyList<SimFileChange> Unsynced => _unsynced;

    /// <summary>A failed sync dropped unsynced writes: the volatile bytes hold data no crash can keep.</summary>
    public bool HasLostWrites { get; private set; }

    /// <summary>Handles open on this file, exclusive ones included.</summary>
    public int OpenHandles { get; set; }

    /// <summary>Whether one of the open handles (or a Lock) holds the file exclusively.</summary>
    public bool ExclusivelyOpen { get; set; }

    /// <summary>A file whose whole state is durable (the state after a crash).</summary>
    public static SimInode FromDurable(SimBytes content) => new(content);

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        Volatile.Write(data, offset);
        _unsynced.Add(SimFileChange.Write(offset, data.ToArray(), Volatile.Length));
    }

    public void SetLength(long length)
    {
        Volatile.SetLength(length);
        _unsynced.Add(SimFileChange.SetLength(length));
    }

    /// <summary>A successful sync: the unsynced changes become durable, in issue order.</summary>
    public void Sync()
    {
        foreach (var change in _unsynced)
        {
            change.ApplyTo(Durable);
        }

        _unsynced.Clear();

        // Invariant 1: with nothing pending and nothing dropped, disk and page cache agree.
        Debug.Assert(HasLostWrites || Durable.Span.SequenceEqual(Volatile.Span), "durable + unsynced != volatile after a sync");
    }

    /// <summary>A failed sync (Linux since 4.13): the unsynced changes can never become durable, yet reads still return them.</summary>
    public void DropUnsynced()
    {
        if (_unsynced.Count > 0)
        {
            HasLostWrites = true;
        }

        _unsynced.Clear();
    }

    public void FlipBit(long offset, int bit)
    {
        Volatile.FlipBit(offset, bit);
        if (offset < Durable.Length)
        {
            Durable.FlipBit(offset, bit);
        }

        foreach (var change in _unsynced)
        {
            if (change.Data is { } data && offset >= change.Offset && offset < change.Offset + data.Length)
            {
                data[offset - change.Offset] ^= (byte)(1 << bit);
            }
        }
    }

    /// <summary>
    /// The content after a crash: the durable bytes plus a choice of the unsynced changes, applied in
    /// issue order. <paramref name="random"/> null with <paramref name="keepAll"/> picks an extreme.
    /// </summary>
    public SimBytes ContentAfterCrash(CrashModel model, Random? random, bool keepAll)
    {
        var content = Durable.Clone();
        var changes = _unsynced;
        if (random is null)
        {
            if (keepAll)
            {
                foreach (var change in changes)
                {
                    change.ApplyTo(content);
                }
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
                if (change.IsWrite && model.TornWrites)
                {
                    ApplySomeSectors(change, content, model, random);
                }
                else if (random.Next(2) == 1)
                {
                    change.ApplyTo(content);
                }
            }
        }
        else
        {
            // A prefix in issue order reaches the disk; the first change after it may be half there.
            var survivors = random.Next(changes.Count + 1);
            for (var i = 0; i < survivors; i++)
            {
                changes[i].ApplyTo(content);
            }

            if (survivors < changes.Count && changes[survivors].IsWrite && model.TornWrites)
            {
                ApplySomeSectors(changes[survivors], content, model, random);
            }
        }

        if (model.LengthBeforeData)
        {
            // The length is metadata, journaled in order and independently of the data: any length
            // the file had since the last sync; a range the data did not reach reads as zeros.
            var point = random.Next(changes.Count + 1);
            content.SetLength(point == 0 ? Durable.Length : changes[point - 1].LengthAfter);
        }

        return content;
    }

    /// <summary>
    /// Applies a torn write: each <paramref name="model"/>.SectorSize-aligned piece (aligned to file
    /// offsets, not to the write) survives on its own. Unless the model lets a length persist before
    /// its data, the pieces that grow the file survive all together or not at all, because the grown
    /// length is committed only after all of the data it covers (ext4 <c>data=ordered</c>, SQLite's
    /// <c>SAFE_APPEND</c>): a torn append never leaves a hole of zeros inside the new length.
    /// </summary>
    private static void ApplySomeSectors(SimFileChange write, SimBytes content, CrashModel model, Random random)
    {
        var data = write.Data!;
        var sectorSize = model.SectorSize;
        var start = write.Offset;
        var end = write.Offset + data.Length;
        var oldLength = content.Length;
        bool? growthSurvives = null;
        var pieceStart = start;
        while (pieceStart < end)
        {
            var pieceEnd = Math.Min(end, ((pieceStart / sectorSize) + 1) * sectorSize);
            bool survives;
            if (!model.LengthBeforeData && pieceEnd > oldLength)
            {
                growthSurvives ??= random.Next(2) == 1;
                survives = growthSurvives.Value;
            }
            else
            {
                survives = random.Next(2) == 1;
            }

            if (survives)
            {
                content.Write(data.AsSpan((int)(pieceStart - start), (int)(pieceEnd - pieceStart)), pieceStart);
            }

            pieceStart = pieceEnd;
        }
    }
}
