namespace FromScratch.Core;

// log := entry*
// entry := key '=' value, appended in order; the last entry of a key wins

/// <summary>An append-only log of key-value entries; the last entry of a key wins.</summary>
public sealed class KeyValueLog
{
    private readonly List<(string Key, string Value)> _entries = [];

    /// <summary>The number of entries appended.</summary>
    public int Count => _entries.Count;

    /// <summary>Appends an entry.</summary>
    public void Append(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _entries.Add((key, value));
    }

    /// <summary>The value of the last entry of <paramref name="key"/>, or null.</summary>
    public string? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == key)
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    /// <summary>The checksum of every entry, in order (<see cref="Checksum"/>).</summary>
    public uint Digest()
    {
        var digest = 0u;
        foreach (var (key, value) in _entries)
        {
            digest = Checksum.Combine(digest, key + "=" + value);
        }

        return digest;
    }
}
