namespace FromScratch.Shared.KeyValue;

/// <summary>Options of one write, after LevelDB's <c>WriteOptions</c>.</summary>
public sealed record WriteOptions
{
    /// <summary>The default: not synced (fast; a crash may lose it, and everything after it).</summary>
    public static WriteOptions Default { get; } = new();

    /// <summary>Synced: durable when the write returns.</summary>
    public static WriteOptions Synced { get; } = new() { Sync = true };

    /// <summary>Whether the write must be durable before it returns (fsync or an equivalent group commit).</summary>
    public bool Sync { get; init; }
}
