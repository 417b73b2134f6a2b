using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>
/// An iterator over the model store with one planted bug of <see cref="PlantedBug"/>'s iterator
/// kinds, to prove that the contract suite's iterator tests catch each. It reads the entries of a
/// fresh model iterator (<paramref name="open"/>) at every seek when the bug is
/// <see cref="PlantedBug.IteratorSeesLaterWrites"/>, once otherwise.
/// </summary>
internal sealed class PlantedIterator(Func<IKeyValueIterator> open, PlantedBug bug) : IKeyValueIterator
{
    private KeyValuePair<byte[], byte[]>[] _entries = Load(open, bug);
    private int _position = -1;
    private bool _afterSeekToMissing;
    private bool _disposed;

    public bool Valid
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _position >= 0;
        }
    }

    public ReadOnlySpan<byte> Key => Current.Key;

    public ReadOnlySpan<byte> Value => Current.Value;

    public Exception? Error => null;

    private KeyValuePair<byte[], byte[]> Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_position < 0)
            {
                throw new InvalidOperationException("not positioned");
            }

            if (bug == PlantedBug.IteratorSeesLaterWrites)
            {
                Reload();
            }

            return _entries[Math.Min(_position, _entries.Length - 1)];
        }
    }

    public void SeekToFirst()
    {
        Reload();
        _afterSeekToMissing = false;
        Position(0);
    }

    public void SeekToLast()
    {
        Reload();
        _afterSeekToMissing = false;
        Position(bug == PlantedBug.SeekToLastStopsShort && _entries.Length > 1 ? _entries.Length - 2 : _entries.Length - 1);
    }

    public void Seek(ReadOnlySpan<byte> target)
    {
        Reload();
        var index = 0;
        while (index < _entries.Length && Compare(_entries[index].Key, target) < (bug == PlantedBug.SeekSkipsEqualKey ? 1 : 0))
        {
            index++;
        }

        Position(index);
        _afterSeekToMissing = Valid && Compare(_entries[index].Key, target) != 0;
    }

    public void Next()
    {
        _ = Current;
        Reload();
        _afterSeekToMissing = false;
        Position(_position + 1);
    }

    public void Prev()
    {
        _ = Current;
        Reload();
        if (bug == PlantedBug.PrevAfterSeekStays && _afterSeekToMissing)
        {
            _afterSeekToMissing = false;
            return;
        }

        Position(_position - 1);
    }

    public void Dispose() => _disposed = true;

    private static KeyValuePair<byte[], byte[]>[] Load(Func<IKeyValueIterator> open, PlantedBug bug)
    {
        var entries = new List<KeyValuePair<byte[], byte[]>>();
        using (var iterator = open())
        {
            for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
            {
                entries.Add(KeyValuePair.Create(iterator.Key.ToArray(), iterator.Value.ToArray()));
            }
        }

        if (bug == PlantedBug.SignedByteOrder)
        {
            entries.Sort((a, b) => SignedCompare(a.Key, b.Key));
        }

        return [.. entries];
    }

    private int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        bug == PlantedBug.SignedByteOrder ? SignedCompare(a, b) : BytewiseComparator.Instance.Compare(a, b);

    private static int SignedCompare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = ((sbyte)a[i]).CompareTo((sbyte)b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private void Reload()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (bug == PlantedBug.IteratorSeesLaterWrites)
        {
            _entries = Load(open, bug);
        }
    }

    private void Position(int index) => _position = index >= 0 && index < _entries.Length ? index : -1;
}
