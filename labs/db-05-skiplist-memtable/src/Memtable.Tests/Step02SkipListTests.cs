using FromScratch.Shared.KeyValue;

namespace FromScratch.Memtable.Tests;

/// <summary>Step 02: inserting into the skip list and searching it: the levels stay sorted sublists of each other, heights follow p = 1/4 from a seed, duplicates are refused.</summary>
[Trait("Step", "02")]
public sealed class Step02SkipListTests
{
    private static SkipList NewList(Arena arena, uint seed = SkipList.DefaultSeed) => new(arena, BytewiseComparator.Instance, seed);

    [Fact]
    public void An_empty_list_has_height_one_and_no_entries()
    {
        using var arena = new Arena();
        var list = NewList(arena);

        list.Count.Should().Be(0);
        list.Height.Should().Be(1);
        list.Contains(Keys.Of(1)).Should().BeFalse();
        list.EntriesAtLevel(0).Should().BeEmpty();
        list.CheckInvariants();
    }

    [Fact]
    public void Random_inserts_keep_every_level_a_sorted_sublist_of_the_level_below()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        var random = new Random(7);
        var inserted = new SortedSet<long>();
        while (inserted.Count < 5000)
        {
            var n = random.NextInt64(1_000_000);
            if (inserted.Add(n))
            {
                list.Insert(Keys.Of(n));
            }
        }

        list.CheckInvariants();
        list.Count.Should().Be(5000);
        list.EntriesAtLevel(0).Select(k => Keys.Number(k)).Should().Equal(inserted, "level 0 holds every entry in order");
        for (var level = 1; level < list.Height; level++)
        {
            var above = list.EntriesAtLevel(level).Select(k => Keys.Number(k)).ToList();
            var below = list.EntriesAtLevel(level - 1).Select(k => Keys.Number(k)).ToHashSet();
            above.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            above.Should().OnlyContain(n => below.Contains(n), $"level {level} is a sublist of level {level - 1}");
        }
    }

    [Fact]
    public void Contains_finds_exactly_the_inserted_keys()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        for (var n = 0; n < 1000; n += 2)
        {
            list.Insert(Keys.Of(n));
        }

        Enumerable.Range(0, 1000).Where(n => list.Contains(Keys.Of(n))).Should().Equal(Enumerable.Range(0, 500).Select(i => i * 2));
        list.Contains(Keys.Of(-1)).Should().BeFalse();
        list.Contains(Keys.Of(5000)).Should().BeFalse();
    }

    [Fact]
    public void Heights_follow_one_in_four_per_level_and_never_pass_twelve()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        for (var n = 0; n < 100_000; n++)
        {
            list.Insert(Keys.Of(n));
        }

        var counts = Enumerable.Range(0, SkipList.MaxHeight).Select(level => list.EntriesAtLevel(level).Count).ToList();
        counts[0].Should().Be(100_000);
        for (var level = 1; level <= 4; level++)
        {
            // Each level holds about a quarter of the one below (binomial: well inside 0.20-0.30 at these sizes).
            var ratio = (double)counts[level] / counts[level - 1];
            ratio.Should().BeInRange(0.20, 0.30, $"level {level} holds {counts[level]} of level {level - 1}'s {counts[level - 1]}");
        }

        list.Height.Should().BeLessThanOrEqualTo(SkipList.MaxHeight);
        list.Height.Should().Be(counts.FindLastIndex(c => c > 0) + 1, "the height is that of the tallest node");
    }

    [Fact]
    public void The_same_seed_builds_the_same_list_and_another_seed_another()
    {
        static string Shape(uint seed)
        {
            using var arena = new Arena();
            var list = NewList(arena, seed);
            for (var n = 0; n < 2000; n++)
            {
                list.Insert(Keys.Of(n));
            }

            return string.Join("|", Enumerable.Range(0, SkipList.MaxHeight).Select(l => string.Join(",", list.EntriesAtLevel(l).Select(k => Keys.Number(k)))));
        }

        Shape(42).Should().Be(Shape(42), "heights come from a seeded generator: a run replays");
        Shape(42).Should().NotBe(Shape(43));
    }

    /// <summary>
    /// Seed 337,470 makes LevelDB's generator succeed eleven times in a row at its first draws, so the
    /// first node is 12 levels high: the cap is reached, and checking the cap before drawing means that
    /// node consumes exactly eleven draws. Every later height must follow from the same generator.
    /// </summary>
    [Fact]
    public void Heights_are_LevelDB_s_draws_one_for_one_including_a_node_at_the_cap()
    {
        const uint Seed = 337_470;
        using var arena = new Arena();
        var list = NewList(arena, Seed);
        const int Count = 2000;
        for (var n = 0; n < Count; n++)
        {
            list.Insert(Keys.Of(n));
        }

        var expected = new int[Count];
        var random = new FromScratch.Shared.Randomness.LevelDbRandom(Seed);
        for (var n = 0; n < Count; n++)
        {
            var height = 1;
            while (height < SkipList.MaxHeight && random.OneIn(SkipList.Branching))
            {
                height++;
            }

            expected[n] = height;
        }

        var actual = new int[Count];
        for (var level = 0; level < SkipList.MaxHeight; level++)
        {
            foreach (var key in list.EntriesAtLevel(level))
            {
                actual[Keys.Number(key)]++;
            }
        }

        expected[0].Should().Be(SkipList.MaxHeight, $"seed {Seed} draws eleven successes first");
        list.Height.Should().Be(SkipList.MaxHeight, "the first node reached the cap of 12");
        for (var n = 0; n < Count; n++)
        {
            actual[n].Should().Be(expected[n], $"node {n} (inserted {n}th, seed {Seed}) must be as tall as LevelDB's rule draws it: height 1, one more per OneIn(4) success, the bound checked before each draw");
        }
    }

    [Fact]
    public void A_duplicate_entry_is_refused_and_the_list_is_unchanged()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        list.Insert(Keys.Of(5));
        var reference = arena.Allocate(8, out var span);
        Keys.Of(5).CopyTo(span);

        list.Invoking(l => l.Insert(Keys.Of(5))).Should().Throw<ArgumentException>();
        list.Invoking(l => l.Insert(reference)).Should().Throw<ArgumentException>();
        list.Count.Should().Be(1);
        list.CheckInvariants();
    }

    [Fact]
    public void Keys_are_ordered_by_the_comparator_unsigned_and_prefix_first()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        byte[][] keys = [[0x80], [0x7F], [0xFF, 0x00], [0xFF], [0x00], [0x00, 0x00], [0x61, 0x62], [0x61]];
        foreach (var key in keys)
        {
            list.Insert(key);
        }

        list.EntriesAtLevel(0).Select(Convert.ToHexString).Should().Equal("00", "0000", "61", "6162", "7F", "80", "FF", "FF00");
    }

    [Fact]
    public void Inserting_through_the_arena_keeps_the_entry_where_the_caller_wrote_it()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        var reference = arena.Allocate(8, out var span);
        Keys.Of(9).CopyTo(span);

        list.Insert(reference);

        list.Contains(Keys.Of(9)).Should().BeTrue();
        list.Insert(Keys.Of(3)).Block.Should().Be(reference.Block, "Insert(span) copies the entry into the same arena");
        list.EntriesAtLevel(0).Select(k => Keys.Number(k)).Should().Equal(3, 9);
    }

    [Fact]
    public void Node_memory_is_counted_in_chunks()
    {
        using var arena = new Arena();
        var list = NewList(arena);
        var empty = list.MemoryUsage;
        for (var n = 0; n < 100_000; n++)
        {
            list.Insert(Keys.Of(n));
        }

        empty.Should().BeGreaterThan(0, "the head's chunk");
        list.MemoryUsage.Should().BeGreaterThan(empty, "100,000 nodes of 5 to 16 ints need more chunks");
        list.MemoryUsage.Should().BeLessThan(100_000L * 16 * sizeof(int), "nodes are packed ints, not objects");
    }
}
