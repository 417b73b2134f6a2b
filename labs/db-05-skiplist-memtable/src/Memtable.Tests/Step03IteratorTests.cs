using CsCheck;
using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Memtable.Tests;

/// <summary>Step 03: the skip list's iterator with LevelDB's semantics: Seek lands on the first entry at or after the target, Next and Prev move one entry, either end leaves it invalid.</summary>
[Trait("Step", "03")]
public sealed class Step03IteratorTests
{
    private static (Arena Arena, SkipList List) Filled(IEnumerable<long> numbers)
    {
        var arena = new Arena();
        var list = new SkipList(arena, BytewiseComparator.Instance);
        foreach (var n in numbers)
        {
            list.Insert(Keys.Of(n));
        }

        return (arena, list);
    }

    private static string Where(IKeyValueIterator iterator) => iterator.Valid ? Keys.Number(iterator.Key).ToString(System.Globalization.CultureInfo.InvariantCulture) : "invalid";

    [Fact]
    public void Forward_and_backward_iteration_visit_every_entry_once_in_order()
    {
        var (arena, list) = Filled([50, 10, 40, 20, 30]);
        using var _ = arena;
        using var iterator = list.NewIterator();

        // Each loop stops after one step more than there are entries, so a Next or Prev that does
        // not move fails the test instead of hanging it.
        var forward = new List<long>();
        for (iterator.SeekToFirst(); iterator.Valid && forward.Count <= 5; iterator.Next())
        {
            forward.Add(Keys.Number(iterator.Key));
        }

        var backward = new List<long>();
        for (iterator.SeekToLast(); iterator.Valid && backward.Count <= 5; iterator.Prev())
        {
            backward.Add(Keys.Number(iterator.Key));
        }

        forward.Should().Equal(10, 20, 30, 40, 50);
        backward.Should().Equal(50, 40, 30, 20, 10);
        iterator.Error.Should().BeNull();
    }

    [Fact]
    public void Seek_lands_on_the_first_entry_at_or_after_the_target()
    {
        var (arena, list) = Filled([10, 20, 30]);
        using var _ = arena;
        using var iterator = list.NewIterator();

        foreach (var (target, expected) in new[] { (5L, "10"), (10, "10"), (11, "20"), (30, "30"), (31, "invalid") })
        {
            iterator.Seek(Keys.Of(target));
            Where(iterator).Should().Be(expected, $"Seek({target})");
        }

        iterator.Seek([]);
        Where(iterator).Should().Be("10", "the empty target is before every key");
    }

    [Fact]
    public void Prev_after_Seek_to_a_missing_key_lands_on_the_entry_before_the_target()
    {
        var (arena, list) = Filled([10, 20, 30]);
        using var _ = arena;
        using var iterator = list.NewIterator();

        iterator.Seek(Keys.Of(25));
        iterator.Prev();
        Where(iterator).Should().Be("20");
        iterator.Seek(Keys.Of(10));
        iterator.Prev();
        Where(iterator).Should().Be("invalid", "Prev on the first entry");
        iterator.SeekToLast();
        iterator.Next();
        Where(iterator).Should().Be("invalid", "Next on the last entry");
    }

    [Fact]
    public void An_empty_list_leaves_every_seek_invalid_and_an_invalid_iterator_refuses_to_move_or_read()
    {
        using var arena = new Arena();
        var list = new SkipList(arena, BytewiseComparator.Instance);
        using var iterator = list.NewIterator();

        iterator.Valid.Should().BeFalse("a new iterator is not positioned");
        iterator.SeekToFirst();
        iterator.Valid.Should().BeFalse();
        iterator.SeekToLast();
        iterator.Valid.Should().BeFalse();
        iterator.Seek(Keys.Of(1));
        iterator.Valid.Should().BeFalse();
        iterator.Invoking(i => i.Key.ToArray()).Should().Throw<InvalidOperationException>();
        iterator.Invoking(i => i.Next()).Should().Throw<InvalidOperationException>();
        iterator.Invoking(i => i.Prev()).Should().Throw<InvalidOperationException>();
        iterator.Dispose();
        iterator.Invoking(i => i.SeekToFirst()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void An_iterator_sees_entries_inserted_after_it_was_created()
    {
        var (arena, list) = Filled([10, 30]);
        using var _ = arena;
        using var iterator = list.NewIterator();
        iterator.SeekToFirst();

        list.Insert(Keys.Of(20));
        iterator.Next();

        Where(iterator).Should().Be("20", "the skip list has no snapshots: the memtable's sequence numbers provide them");
        iterator.Value.Length.Should().Be(0, "a skip list of keys: the value is empty");
    }

    /// <summary>Model-based (CsCheck, seeded, prints its seed): random inserts, then a random walk of seeks and steps; after every step the iterator stands where a sorted-array model stands.</summary>
    [Fact]
    public void Random_walks_match_a_sorted_model()
    {
        var keys = Gen.Long[0, 200].HashSet[0, 120];
        var move = Gen.Select(Gen.Int[0, 5], Gen.Long[-5, 205]);
        Gen.Select(keys, move.Array[1, 60], Gen.UInt).Sample((numbers, moves, seed) =>
        {
            using var arena = new Arena();
            var list = new SkipList(arena, BytewiseComparator.Instance, seed);
            foreach (var n in numbers)
            {
                list.Insert(Keys.Of(n));
            }

            var sorted = numbers.Order().Select(n => KeyValuePair.Create(Keys.Of(n), Array.Empty<byte>())).ToArray();
            using var iterator = list.NewIterator();
            using var model = new SortedEntriesIterator(sorted);
            var trail = new List<string>();
            foreach (var (kind, target) in moves)
            {
                if (kind >= 3 && !model.Valid)
                {
                    iterator.Seek(Keys.Of(target));
                    model.Seek(Keys.Of(target));
                    trail.Add($"Seek({target})");
                }
                else
                {
                    switch (kind)
                    {
                        case 0: iterator.SeekToFirst(); model.SeekToFirst(); trail.Add("SeekToFirst"); break;
                        case 1: iterator.SeekToLast(); model.SeekToLast(); trail.Add("SeekToLast"); break;
                        case 2: iterator.Seek(Keys.Of(target)); model.Seek(Keys.Of(target)); trail.Add($"Seek({target})"); break;
                        case 5: iterator.Prev(); model.Prev(); trail.Add("Prev"); break;
                        default: iterator.Next(); model.Next(); trail.Add("Next"); break;
                    }
                }

                Where(iterator).Should().Be(Where(model), $"after {string.Join(", ", trail)} over {numbers.Count} keys (seed {seed})");
            }

            list.CheckInvariants();
        }, iter: 200);
    }
}
