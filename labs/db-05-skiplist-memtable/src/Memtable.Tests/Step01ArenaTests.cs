namespace FromScratch.Memtable.Tests;

/// <summary>Step 01: the arena hands out ranges of large blocks, counts its memory, and returns its blocks when disposed.</summary>
[Trait("Step", "01")]
public sealed class Step01ArenaTests
{
    [Fact]
    public void Small_allocations_share_a_block_in_order()
    {
        using var arena = new Arena(4096);

        var first = arena.Allocate(100, out var a);
        var second = arena.Allocate(200, out var b);
        a.Fill(1);
        b.Fill(2);

        first.Should().Be(new ArenaRef(0, 0, 100));
        second.Should().Be(new ArenaRef(0, 100, 200));
        arena.BlockCount.Should().Be(1);
        arena.Get(first).ToArray().Should().OnlyContain(x => x == 1).And.HaveCount(100);
        arena.Get(second).ToArray().Should().OnlyContain(x => x == 2).And.HaveCount(200);
    }

    [Fact]
    public void An_allocation_that_does_not_fit_opens_a_new_block()
    {
        using var arena = new Arena(4096);
        arena.Allocate(1000, out _);
        arena.Allocate(1000, out _);
        arena.Allocate(1000, out _);
        arena.Allocate(1000, out _);

        var fifth = arena.Allocate(1000, out _);

        fifth.Should().Be(new ArenaRef(1, 0, 1000), "4,000 of 4,096 bytes are used: the fifth starts a new block");
        arena.BlockCount.Should().Be(2);
    }

    [Fact]
    public void An_allocation_that_does_not_fit_and_is_above_a_quarter_block_gets_its_own_block()
    {
        using var arena = new Arena(4096);
        arena.Allocate(100, out _);
        arena.Allocate(1000, out _);
        arena.Allocate(1000, out _);
        arena.Allocate(1000, out _);   // block 0 holds 3,100 bytes; 996 are left

        var large = arena.Allocate(1025, out var span);
        var next = arena.Allocate(100, out _);

        large.Should().Be(new ArenaRef(1, 0, 1025), "it does not fit in the 996 bytes left, and is more than BlockSize / 4: a block of its own");
        span.Length.Should().Be(1025);
        next.Should().Be(new ArenaRef(0, 3100, 100), "the current block's free space is kept for the next small allocation (LevelDB's AllocateFallback)");
        arena.Allocate(1000, out _).Should().Be(new ArenaRef(2, 0, 1000), "a small one that does not fit opens a new current block");
    }

    /// <summary>A 4 KiB arena whose current block 0 holds four 1,000-byte ranges: 96 bytes are left in it.</summary>
    private static Arena ArenaWith96BytesLeft()
    {
        var arena = new Arena(4096);
        for (var i = 0; i < 4; i++)
        {
            arena.Allocate(1000, out _);
        }

        return arena;
    }

    [Fact]
    public void An_allocation_that_exactly_fills_the_rest_of_the_block_stays_in_it()
    {
        using var arena = ArenaWith96BytesLeft();

        var exact = arena.Allocate(96, out _);
        var next = arena.Allocate(1, out _);

        exact.Should().Be(new ArenaRef(0, 4000, 96), "4,000 + 96 = 4,096: it fits exactly (length <= BlockSize - used)");
        next.Should().Be(new ArenaRef(1, 0, 1), "the block is full now");
        arena.BlockCount.Should().Be(2);
    }

    [Fact]
    public void A_quarter_block_exactly_is_small_and_becomes_the_new_current_block()
    {
        using var arena = ArenaWith96BytesLeft();

        var quarter = arena.Allocate(1024, out _);
        var next = arena.Allocate(100, out _);

        quarter.Should().Be(new ArenaRef(1, 0, 1024), "1,024 bytes does not fit in the 96 left and is not above BlockSize / 4: a new current block");
        next.Should().Be(new ArenaRef(1, 1024, 100), "the new block is the current one (a block of its own would have left block 0 current, and 100 bytes would have opened block 2)");
    }

    [Fact]
    public void Memory_usage_counts_every_block()
    {
        using var arena = new Arena(4096);
        var empty = arena.MemoryUsage;

        arena.Allocate(10, out _);
        var oneBlock = arena.MemoryUsage;
        for (var i = 0; i < 4; i++)
        {
            arena.Allocate(1000, out _);   // block 0 now holds 4,010 bytes
        }

        arena.MemoryUsage.Should().Be(oneBlock);
        arena.Allocate(3000, out _);   // does not fit, above 1,024 bytes: a block of its own
        var twoBlocks = arena.MemoryUsage;

        (oneBlock - empty).Should().BeGreaterThanOrEqualTo(4096, "a block is counted whole when it is taken");
        (twoBlocks - oneBlock).Should().BeGreaterThanOrEqualTo(3000);
        arena.Allocate(10, out _);
        arena.MemoryUsage.Should().Be(twoBlocks, "an allocation inside a block adds nothing");
    }

    [Fact]
    public void A_disposed_arena_refuses_reads_and_allocations()
    {
        var arena = new Arena(4096);
        var reference = arena.Allocate(10, out _);
        arena.Dispose();
        arena.Dispose();   // idempotent

        arena.Invoking(a => a.Get(reference).ToArray()).Should().Throw<ObjectDisposedException>();
        arena.Invoking(a => a.Allocate(10, out _)).Should().Throw<ObjectDisposedException>();
    }

    /// <summary>
    /// A block returned to the pool twice is handed to two later renters at once. The shared pool keeps
    /// a returned array per thread first, then per core, so two rents on this thread right after a
    /// double return usually get the same array back; a correct arena never lets that happen.
    /// </summary>
    [Fact]
    public void A_second_Dispose_returns_no_block_to_the_pool_twice()
    {
        const int BlockSize = 8192 * 4;   // a size no other test of this lab rents
        var arena = new Arena(BlockSize);
        arena.Allocate(10, out _);
        arena.Dispose();
        arena.Dispose();

        var first = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
        var second = System.Buffers.ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            ReferenceEquals(first, second).Should().BeFalse("the arena gave its block back once: Dispose is idempotent");
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(first);
            if (!ReferenceEquals(first, second))
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(second);
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        FluentActions.Invoking(() => new Arena(1024)).Should().Throw<ArgumentOutOfRangeException>("a block is at least 4 KiB");
        using var arena = new Arena();
        arena.Invoking(a => a.Allocate(0, out _)).Should().Throw<ArgumentOutOfRangeException>();
        arena.BlockSize.Should().Be(Arena.DefaultBlockSize);
    }

    [Fact]
    public void Thousands_of_blocks_grow_the_directory_and_every_range_reads_back()
    {
        using var arena = new Arena(4096);
        var references = new List<(ArenaRef Ref, byte Fill)>();
        for (var i = 0; i < 5000; i++)
        {
            var reference = arena.Allocate(1000, out var span);
            span.Fill((byte)i);
            references.Add((reference, (byte)i));
        }

        arena.BlockCount.Should().Be(1250);
        references.Should().OnlyContain(r => arena.Get(r.Ref).ToArray().All(b => b == r.Fill));
    }
}
