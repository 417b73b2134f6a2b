namespace FromScratch.Shared.KeyValue;

/// <summary>
/// A cursor over sorted key-value entries, in the shape of LevelDB's <c>Iterator</c>
/// (include/leveldb/iterator.h): positioned on one entry or invalid, moved by seeks and single
/// steps in either direction. The skip list (db-05), a table's blocks and the table itself (db-06),
/// the merging iterator and the database (db-07) and the B-tree cursor (db-11) all implement it, so
/// that one merges or wraps another and one test suite drives them all.
/// <code>
///   keys:      a     c     e
///   Seek("b")        ^            first key &gt;= target
///   Seek("c")        ^            a key equal to the target is included
///   Seek("f")                  -&gt; Valid = false (past the end)
///   SeekToLast             ^  ; Prev -&gt; c ; Prev -&gt; a ; Prev -&gt; Valid = false
/// </code>
/// Rules (numbered so that implementations and tests can cite them):
/// <list type="number">
/// <item>A new iterator is invalid until a seek positions it.</item>
/// <item><see cref="Seek"/> positions at the first entry whose key is &gt;= the target in the
/// iterator's order (an empty target means the first entry); <see cref="SeekToFirst"/> and
/// <see cref="SeekToLast"/> at the first and the last; each leaves the iterator invalid when there
/// is no such entry.</item>
/// <item><see cref="Next"/> and <see cref="Prev"/> move one entry; moving off either end makes the
/// iterator invalid. <see cref="Next"/>, <see cref="Prev"/>, <see cref="Key"/> and <see cref="Value"/>
/// require a valid iterator and throw <see cref="InvalidOperationException"/> otherwise.</item>
/// <item>The spans returned by <see cref="Key"/> and <see cref="Value"/> stay valid only until the
/// iterator moves or is disposed; copy them to keep them.</item>
/// <item>An iterator over a store sees the store as it was when the iterator was created (or as its
/// <see cref="ReadOptions.Snapshot"/> saw it): later writes never show through it.</item>
/// <item>An error (a corrupt block, a failed read) makes the iterator invalid and sets
/// <see cref="Error"/>; a reader never returns entries that failed their checksum. A later seek may
/// clear the error if it reads nothing damaged. Check <see cref="Error"/> when iteration ends:
/// "invalid" alone does not tell the end of the data from a failure.</item>
/// <item>Not thread-safe: one thread uses an iterator at a time. Other threads may write to the
/// store meanwhile. Dispose an iterator before the store it reads; a disposed iterator throws
/// <see cref="ObjectDisposedException"/>.</item>
/// </list>
/// </summary>
public interface IKeyValueIterator : IDisposable
{
    /// <summary>Whether the iterator is positioned on an entry.</summary>
    bool Valid { get; }

    /// <summary>The current entry's key (rule 4: valid until the next move).</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    ReadOnlySpan<byte> Key { get; }

    /// <summary>The current entry's value (rule 4: valid until the next move).</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    ReadOnlySpan<byte> Value { get; }

    /// <summary>
    /// Null while no error occurred; otherwise what went wrong (a <see cref="IO.CorruptionException"/>
    /// for damaged data, an <see cref="IOException"/> for a failed read): LevelDB's <c>status()</c>.
    /// </summary>
    Exception? Error { get; }

    /// <summary>Positions at the first entry; invalid if there is none.</summary>
    void SeekToFirst();

    /// <summary>Positions at the last entry; invalid if there is none.</summary>
    void SeekToLast();

    /// <summary>Positions at the first entry whose key is at or after <paramref name="target"/>; invalid if there is none.</summary>
    void Seek(ReadOnlySpan<byte> target);

    /// <summary>Moves to the next entry; invalid after the last.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    void Next();

    /// <summary>Moves to the previous entry; invalid before the first.</summary>
    /// <exception cref="InvalidOperationException">The iterator is not <see cref="Valid"/>.</exception>
    void Prev();
}
