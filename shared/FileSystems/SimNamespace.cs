namespace FromScratch.Shared.FileSystems;

/// <summary>
/// A durable directory tree: the entries of every directory as they are on disk, and where each
/// node is linked (every node has at most one name: the API has no hard links). The simulator
/// keeps one as its durable state, applies operations to it as SyncDirectory makes them durable,
/// and clones it to build a crash outcome.
/// </summary>
internal sealed class SimNamespace
{
    private readonly Dictionary<SimDirectory, Dictionary<string, SimNode>> _entries = [];
    private readonly Dictionary<SimNode, (SimDirectory Directory, string Name)> _location = [];

    public SimNamespace Clone()
    {
        var copy = new SimNamespace();
        foreach (var (directory, entries) in _entries)
        {
            copy._entries[directory] = new Dictionary<string, SimNode>(entries, StringComparer.Ordinal);
        }

        foreach (var (node, location) in _location)
        {
            copy._location[node] = location;
        }

        return copy;
    }

    /// <summary>The durable entries of <paramref name="directory"/>, sorted by name.</summary>
    public IEnumerable<KeyValuePair<string, SimNode>> EntriesOf(SimDirectory directory) =>
        _entries.TryGetValue(directory, out var entries)
            ? entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            : [];

    /// <summary>Applies one directory operation: atomically, whole.</summary>
    public void Apply(SimDirectoryOperation operation)
    {
        if (operation.Kind == FileSystemOperationKind.Delete)
        {
            Unlink(operation.Directory, operation.Name, operation.Node);
        }
        else
        {
            // Create, mkdir and rename all end with the node at (Directory, Name) and nowhere else.
            Link(operation.Directory, operation.Name, operation.Node);
        }
    }

    private void Link(SimDirectory directory, string name, SimNode node)
    {
        if (_location.TryGetValue(node, out var old))
        {
            Unlink(old.Directory, old.Name, node);
        }

        var entries = EntriesFor(directory);
        if (entries.TryGetValue(name, out var replaced))
        {
            _location.Remove(replaced);
        }

        entries[name] = node;
        _location[node] = (directory, name);
    }

    private void Unlink(SimDirectory directory, string name, SimNode node)
    {
        var entries = EntriesFor(directory);
        if (entries.TryGetValue(name, out var current) && current == node)
        {
            entries.Remove(name);
            _location.Remove(node);
        }
    }

    private Dictionary<string, SimNode> EntriesFor(SimDirectory directory)
    {
        if (!_entries.TryGetValue(directory, out var entries))
        {
            entries = new Dictionary<string, SimNode>(StringComparer.Ordinal);
            _entries[directory] = entries;
        }

        return entries;
    }
}
