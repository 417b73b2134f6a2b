namespace FromScratch.Shared.FileSystems;

/// <summary>
/// A simulated directory: its volatile entries (what lookups and listings see now). Its durable
/// entries live in the file system's <see cref="SimNamespace"/>, and the difference between the two
/// is the list of pending <see cref="SimDirectoryOperation"/>s.
/// </summary>
internal sealed class SimDirectory : SimNode
{
    public Dictionary<string, SimNode> Entries { get; } = new(StringComparer.Ordinal);
}
