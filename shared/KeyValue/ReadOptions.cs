namespace FromScratch.Shared.KeyValue;

/// <summary>Options of one read of an ordered store, after LevelDB's <c>ReadOptions</c>.</summary>
public sealed record ReadOptions
{
    /// <summary>The default: read the latest state, do not force checksum checks, fill caches.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>The view to read; null reads the latest state (an iterator then takes an implicit snapshot when it is created).</summary>
    public ISnapshot? Snapshot { get; init; }

    /// <summary>Whether to verify the checksums of everything read, even where the engine would not by default (LevelDB's <c>verify_checksums</c>).</summary>
    public bool VerifyChecksums { get; init; }

    /// <summary>Whether blocks read for this operation may enter the block cache (LevelDB's <c>fill_cache</c>; false for bulk scans that would evict the working set).</summary>
    public bool FillCache { get; init; } = true;
}
