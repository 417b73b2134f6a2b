using FromScratch.Peers.Native;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Peers;

/// <summary>
/// An <see cref="IKeyValueIterator"/> over an engine's iterator (<c>leveldb_iterator_t</c>), which
/// already keeps the iterator rules 2, 3 (moves), 5 (its implicit snapshot) and 6 (errors): this
/// class adds the checks that the engine leaves to the caller (rule 3: Key, Value, Next and Prev on
/// an invalid iterator throw <see cref="InvalidOperationException"/> instead of failing an assertion;
/// rule 7: a disposed iterator throws <see cref="ObjectDisposedException"/>). <see cref="Key"/> and
/// <see cref="Value"/> are spans over the engine's own buffers, valid until the next move (rule 4).
/// Whether it is valid is asked once per move and remembered. Not thread-safe (rule 7).
/// </summary>
internal sealed class PeerIterator(PeerStore store, NativeApi api, IteratorHandle handle) : IKeyValueIterator, IStoreOwned
{
    private bool _valid;
    private string? _closedBecause;

    public bool Valid
    {
        get
        {
            ThrowIfClosed();
            return _valid;
        }
    }

    public ReadOnlySpan<byte> Key
    {
        get
        {
            ThrowIfNotValid("Key");
            var key = api.IteratorKey(handle, out var length);
            return NativeBytes.Span(key, length);
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            ThrowIfNotValid("Value");
            var value = api.IteratorValue(handle, out var length);
            return NativeBytes.Span(value, length);
        }
    }

    public Exception? Error
    {
        get
        {
            ThrowIfClosed();
            var error = IntPtr.Zero;
            api.IteratorGetError(handle, ref error);
            return api.TakeError(ref error) is { } status ? NativeStatus.ToException(api.EngineName, store.Directory, status) : null;
        }
    }

    public void SeekToFirst()
    {
        ThrowIfClosed();
        api.IteratorSeekToFirst(handle);
        Moved();
    }

    public void SeekToLast()
    {
        ThrowIfClosed();
        api.IteratorSeekToLast(handle);
        Moved();
    }

    public void Seek(ReadOnlySpan<byte> target)
    {
        ThrowIfClosed();
        api.IteratorSeek(handle, NativeBytes.NonNull(target), (nuint)target.Length);
        Moved();
    }

    public void Next()
    {
        ThrowIfNotValid("Next");
        api.IteratorNext(handle);
        Moved();
    }

    public void Prev()
    {
        ThrowIfNotValid("Prev");
        api.IteratorPrev(handle);
        Moved();
    }

    public void Dispose()
    {
        if (Close("was disposed"))
        {
            store.Untrack(this);
        }
    }

    public void CloseWithStore() => Close($"was closed when {store} was disposed");

    private bool Close(string because)
    {
        if (Interlocked.CompareExchange(ref _closedBecause, because, null) is not null)
        {
            return false;
        }

        _valid = false;
        handle.Dispose();
        return true;
    }

    private void Moved() => _valid = api.IteratorValid(handle) != 0;

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closedBecause) is { } why)
        {
            throw new ObjectDisposedException(nameof(IKeyValueIterator), $"The iterator {why}.");
        }
    }

    private void ThrowIfNotValid(string member)
    {
        ThrowIfClosed();
        if (!_valid)
        {
            throw new InvalidOperationException($"{member} needs a valid iterator (IKeyValueIterator rule 3): position it with a seek first, and check Valid after every move.");
        }
    }
}
