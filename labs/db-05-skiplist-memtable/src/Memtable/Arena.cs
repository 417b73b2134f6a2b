using System.Buffers;

namespace FromScratch.Memtable;

/// <summary>
/// Bump allocation of byte ranges in large blocks, as LevelDB's <c>util/arena.cc</c> does for a
/// memtable: a memtable of a million entries is then a few hundred blocks, not a million small
/// arrays for the garbage collector to trace, and its memory is counted in one number that the
/// engine flushes on (<see cref="MemoryUsage"/>).
/// <code>
///   blocks: [0] |entry|entry|entry|......|   BlockSize bytes, filled from the front
///           [1] |entry|entry|....unused..|   a range that does not fit opens a new block;
///           [2] |big entry...............|   one larger than BlockSize / 4 gets a block of its own,
///                                            so no more than a quarter of a block is ever wasted
/// </code>
/// Blocks come from <see cref="ArrayPool{T}.Shared"/> and go back to it on <see cref="Dispose"/>:
/// every span handed out is invalid after that. Nothing is ever freed one allocation at a time.
/// <para>
/// <b>Thread-safety.</b> One writer allocates (the memtable's writer; the caller serialises calls
/// of <see cref="Allocate"/>). Any number of readers may call <see cref="Get"/> concurrently, for any
/// range whose <see cref="ArenaRef"/> they obtained through a release/acquire publication (the skip
/// list's <c>Volatile.Write</c> of a node link, then <c>Volatile.Read</c>): the block directory is
/// replaced, never changed in place, and published with <c>Volatile.Write</c> before any range in a
/// new block is handed out, so a reader that sees a reference also sees its block.
/// </para>
/// </summary>
public sealed class Arena : IDisposable
{
    /// <summary>The default block size: 256 KiB, large enough that a million 130-byte entries take 500 blocks.</summary>
    public const int DefaultBlockSize = 256 * 1024;

    private byte[][] _blocks = new byte[16][];   // replaced whole when it grows (readers hold the old one safely)
    private int _blockCount;
    private int _current = -1;                   // the block small allocations come from
    private int _used;                           // bytes used in the current block
    private long _blockBytes;
    private bool _disposed;

    /// <summary>An empty arena.</summary>
    /// <param name="blockSize">The size of a regular block, at least 4 KiB.</param>
    public Arena(int blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 4096);
        BlockSize = blockSize;
    }

    /// <summary>The size of a regular block.</summary>
    public int BlockSize { get; }

    /// <summary>The bytes the arena holds: the sum of its blocks' sizes, plus the block directory.</summary>
    public long MemoryUsage => Volatile.Read(ref _blockBytes) + ((long)Volatile.Read(ref _blocks).Length * IntPtr.Size);

    /// <summary>The number of blocks.</summary>
    public int BlockCount => Volatile.Read(ref _blockCount);

    /// <summary>Allocates <paramref name="length"/> bytes; the caller fills them through <paramref name="span"/> before publishing the reference.</summary>
    /// <param name="length">The size, at least 1.</param>
    /// <param name="span">The bytes, writable until the reference is published to readers.</param>
    /// <returns>Where the bytes are, for <see cref="Get"/>.</returns>
    /// <exception cref="ObjectDisposedException">The arena was disposed.</exception>
    public ArenaRef Allocate(int length, out Span<byte> span)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_current >= 0 && length <= BlockSize - _used)
        {
            var reference = new ArenaRef(_current, _used, length);
            _used += length;
            span = _blocks[_current].AsSpan(reference.Offset, length);
            return reference;
        }

        if (length > BlockSize / 4)
        {
            // A large allocation gets its own block, so the current block's free space is kept
            // (LevelDB's AllocateFallback does the same).
            var own = NewBlock(length);
            span = _blocks[own].AsSpan(0, length);
            return new ArenaRef(own, 0, length);
        }

        _current = NewBlock(BlockSize);
        _used = length;
        span = _blocks[_current].AsSpan(0, length);
        return new ArenaRef(_current, 0, length);
    }

    /// <summary>The bytes at <paramref name="reference"/>, valid until the arena is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The arena was disposed.</exception>
    public ReadOnlySpan<byte> Get(ArenaRef reference)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        return Volatile.Read(ref _blocks)[reference.Block].AsSpan(reference.Offset, reference.Length);
    }

    /// <summary>Returns every block to the pool. Idempotent. No reader may use the arena any more.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Volatile.Write(ref _disposed, true);
        for (var i = 0; i < _blockCount; i++)
        {
            ArrayPool<byte>.Shared.Return(_blocks[i]);
            _blocks[i] = null!;
        }
    }

    // Rents a block of at least `size` bytes, adds it to the directory (a new directory when full,
    // published before the block is used) and returns its index.
    private int NewBlock(int size)
    {
        var block = ArrayPool<byte>.Shared.Rent(size);
        if (_blockCount == _blocks.Length)
        {
            var grown = new byte[_blocks.Length * 2][];
            Array.Copy(_blocks, grown, _blockCount);
            Volatile.Write(ref _blocks, grown);
        }

        _blocks[_blockCount] = block;
        Volatile.Write(ref _blockCount, _blockCount + 1);
        Volatile.Write(ref _blockBytes, _blockBytes + block.Length);
        return _blockCount - 1;
    }
}
