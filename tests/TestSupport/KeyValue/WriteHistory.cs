using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// The writes a test made since the last crash, and what the contract allows a crash to leave:
/// the state after some prefix of those writes that contains every synced write.
/// <code>
///   base state   w1   w2   w3(sync)   w4   w5        &lt;- writes since the last crash
///                               ^ floor = 3
///   allowed after a crash: state after w1..w3, w1..w4 or w1..w5 (never w1..w2, never "w1 w2 w3 w5")
/// </code>
/// The state of an engine is read through <see cref="IKeyValueStore.Get"/> over every key the test
/// ever used (<see cref="Keys"/>), so it works for unordered engines too. The contract suite uses it;
/// an engine's own crash tests can too: record each write after it returns (a write interrupted by a
/// power loss as unsynced: it may or may not have happened), crash, reopen, then
/// <c>history.Reset(history.MatchRecovered(store, "after crash 3"))</c>. Not thread-safe.
/// </summary>
public sealed class WriteHistory
{
    private readonly List<Action<InMemoryKeyValueStore>> _writes = [];
    private InMemoryKeyValueStore _base = new();
    private int _floor;

    /// <summary>Every key any write touched, the keys a state comparison reads.</summary>
    public HashSet<byte[]> Keys { get; } = new(ByteArrayComparer.Instance);

    /// <summary>The expected state now, with every write applied (what a read must see).</summary>
    public InMemoryKeyValueStore Model { get; } = new();

    /// <summary>The number of writes since the last crash.</summary>
    public int Count => _writes.Count;

    /// <summary>The number of leading writes a crash must keep: the last synced write and every write before it.</summary>
    public int Floor => _floor;

    /// <summary>Records a put that returned (<paramref name="synced"/>: with <see cref="WriteOptions.Sync"/>).</summary>
    public void Put(byte[] key, byte[] value, bool synced)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var (k, v) = (key.ToArray(), value.ToArray());
        Record(store => store.Put(k, v), synced, k);
    }

    /// <summary>Records a delete that returned.</summary>
    public void Delete(byte[] key, bool synced)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.ToArray();
        Record(store => store.Delete(k), synced, k);
    }

    /// <summary>Records a batch that returned (the batch is copied: the caller may reuse it).</summary>
    public void Write(WriteBatch batch, bool synced)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var copy = new WriteBatch();
        foreach (var operation in batch.Operations)
        {
            _ = operation.Value is { } value ? copy.Put(operation.Key.Span, value.Span) : copy.Delete(operation.Key.Span);
        }

        Record(store => store.Write(copy), synced, [.. copy.Operations.Select(o => o.Key.ToArray())]);
    }

    /// <summary>
    /// Finds the allowed state <paramref name="recovered"/> holds and returns it (the first of the
    /// allowed prefixes that matches), or throws <see cref="InvalidOperationException"/> describing
    /// the differences from the floor state and from the full state.
    /// </summary>
    public InMemoryKeyValueStore MatchRecovered(IKeyValueStore recovered, string context)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        var actual = Keys.ToDictionary(key => key, key => recovered.Get(key), ByteArrayComparer.Instance);
        var state = _base.Clone();
        for (var applied = 0; ; applied++)
        {
            if (applied >= _floor && Differences(state, actual).Count == 0)
            {
                return state;
            }

            if (applied == _writes.Count)
            {
                break;
            }

            _writes[applied](state);
        }

        var floorState = _base.Clone();
        foreach (var write in _writes.Take(_floor))
        {
            write(floorState);
        }

        throw new InvalidOperationException(
            $"{context}: the recovered store matches none of the states the contract allows, the state after " +
            $"the first k of the {_writes.Count} writes since the last crash for some k in {_floor}..{_writes.Count} " +
            $"({(_floor == 0 ? "none of them was synced" : $"write {_floor} is the last synced one")}). Against k = {_floor}: {string.Join("; ", Differences(floorState, actual).Take(5))}." +
            (_floor == _writes.Count ? "" : $" Against k = {_writes.Count}: {string.Join("; ", Differences(Model, actual).Take(5))}."));
    }

    /// <summary>After a crash: <paramref name="recovered"/> (as returned by <see cref="MatchRecovered"/>) is the new base, durable, with no writes after it.</summary>
    public void Reset(InMemoryKeyValueStore recovered)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        _base = recovered.Clone();
        _writes.Clear();
        _floor = 0;
        foreach (var key in Keys)
        {
            var value = recovered.Get(key);
            if (value is null)
            {
                Model.Delete(key);
            }
            else
            {
                Model.Put(key, value);
            }
        }
    }

    /// <summary>"key: expected ..., found ..." for every key of <see cref="Keys"/> where the two differ.</summary>
    public IReadOnlyList<string> Differences(InMemoryKeyValueStore expected, IReadOnlyDictionary<byte[], byte[]?> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<string>();
        foreach (var key in Keys)
        {
            var want = expected.Get(key);
            var got = actual[key];
            if (!(want is null ? got is null : got is not null && want.AsSpan().SequenceEqual(got)))
            {
                differences.Add($"key {Bytes.Describe(key)}: expected {Bytes.Describe(want)}, found {Bytes.Describe(got)}");
            }
        }

        return differences;
    }

    private void Record(Action<InMemoryKeyValueStore> write, bool synced, params byte[][] keys)
    {
        foreach (var key in keys)
        {
            Keys.Add(key);
        }

        write(Model);
        _writes.Add(write);
        if (synced)
        {
            _floor = _writes.Count;
        }
    }
}
