using System.Runtime.ExceptionServices;

namespace FromScratch.Shared.KeyValue;

/// <summary>Conveniences over <see cref="IOrderedKeyValueStore"/>'s iterator.</summary>
public static class OrderedKeyValueStoreExtensions
{
    /// <summary>
    /// The entries with <paramref name="start"/> &lt;= key &lt; <paramref name="end"/>, in the store's
    /// order, as copies; an empty <paramref name="end"/> means "to the last key". The iterator is
    /// created at the call, so the scan sees the state then (or <paramref name="options"/>' snapshot),
    /// whenever it is enumerated. Enumerate it once. An iterator error is thrown as it is met.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public static IEnumerable<KeyValuePair<byte[], byte[]>> Scan(this IOrderedKeyValueStore store, ReadOnlyMemory<byte> start, ReadOnlyMemory<byte> end, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var iterator = store.NewIterator(options);
        return Enumerate(store.Comparator, iterator, start, end);
    }

    private static IEnumerable<KeyValuePair<byte[], byte[]>> Enumerate(IKeyComparator comparator, IKeyValueIterator iterator, ReadOnlyMemory<byte> start, ReadOnlyMemory<byte> end)
    {
        using (iterator)
        {
            for (iterator.Seek(start.Span); iterator.Valid; iterator.Next())
            {
                if (!end.IsEmpty && comparator.Compare(iterator.Key, end.Span) >= 0)
                {
                    break;
                }

                yield return KeyValuePair.Create(iterator.Key.ToArray(), iterator.Value.ToArray());
            }

            if (iterator.Error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
    }
}
