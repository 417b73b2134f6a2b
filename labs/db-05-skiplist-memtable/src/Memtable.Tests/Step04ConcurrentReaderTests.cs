using FromScratch.Shared.KeyValue;

namespace FromScratch.Memtable.Tests;

/// <summary>
/// Step 04: readers that never lock, beside one writer. Reader threads iterate and seek while the
/// writer inserts: a reader never sees an unsorted sequence or a half-written entry, and never misses
/// an entry inserted before its pass began. Every wait is bounded; a failure names what was seen.
/// </summary>
[Trait("Step", "04")]
public sealed class Step04ConcurrentReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Invariant 4 checked at every publication, without threads: the <see cref="SkipList.AfterLink"/>
    /// sync point runs a reader right after each link's release store. A node linked before its own
    /// next pointer is set cuts the level off at itself: the reader then misses entries inserted
    /// before, which a reader thread would see only by winning a race of a few nanoseconds.
    /// </summary>
    [Fact]
    public void A_reader_at_every_link_sees_sorted_whole_entries_and_every_earlier_insert()
    {
        const int Count = 2_000;
        using var arena = new Arena(4096);
        var list = new SkipList(arena, BytewiseComparator.Instance, seed: 7);
        var order = Enumerable.Range(0, Count).Select(i => (long)i * 3).ToArray();
        new Random(5).Shuffle(order);
        var inserted = new SortedSet<long>();
        long current = -1;
        var links = 0L;
        list.AfterLink = level =>
        {
            links++;
            using var iterator = list.NewIterator();
            var seen = new List<long>(inserted.Count + 1);
            for (iterator.SeekToFirst(); iterator.Valid && seen.Count <= inserted.Count + 1; iterator.Next())
            {
                Keys.IsWhole(iterator.Key).Should().BeTrue($"every entry a reader reaches is whole (link of {current} at level {level})");
                seen.Add(Keys.Number(iterator.Key));
            }

            seen.Should().BeInAscendingOrder($"a reader at the link of {current} at level {level} sees a sorted list")
                .And.Contain(current, $"{current} is on level 0 once its level-0 link is stored")
                .And.HaveCount(inserted.Count + 1, $"a reader at the link of {current} at level {level} sees every earlier insert and the new node, nothing cut off");
            for (var above = level; above < SkipList.MaxHeight; above++)
            {
                var onLevel = list.EntriesAtLevel(above).Select(e => Keys.Number(e)).ToList();
                onLevel.Should().BeInAscendingOrder($"level {above} is sorted at the link of {current} at level {level}");
                onLevel.Where(n => n != current && !inserted.Contains(n)).Should().BeEmpty($"level {above} holds only inserted entries");
            }
        };

        foreach (var n in order)
        {
            current = n;
            list.Insert(Keys.Checked(n));
            inserted.Add(n);
        }

        list.AfterLink = null;
        var heights = Enumerable.Range(0, SkipList.MaxHeight).Sum(level => (long)list.EntriesAtLevel(level).Count);
        links.Should().Be(heights, "the sync point runs once per level of every node, right after its link");
        list.CheckInvariants();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Readers_beside_one_writer_see_sorted_whole_entries_and_every_earlier_insert(int readers)
    {
        const int Count = 40_000;
        using var arena = new Arena(64 * 1024);   // small blocks: many block-directory replacements during the run
        var list = new SkipList(arena, BytewiseComparator.Instance);
        var order = Enumerable.Range(0, Count).Select(i => (long)i * 7).ToArray();
        new Random(11).Shuffle(order);
        var position = new Dictionary<long, int>(Count);
        for (var i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }

        var done = 0;              // order[0 .. done) are inserted (a release store after each insert)
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var passes = 0;
        using var stop = new CancellationTokenSource();

        void Read(int reader)
        {
            var random = new Random(100 + reader);
            using var iterator = list.NewIterator();
            while (!stop.IsCancellationRequested && failures.IsEmpty)
            {
                // A forward pass: sorted, whole, and holding every entry inserted before it began.
                var before = Volatile.Read(ref done);
                var seenBefore = 0;
                var previous = long.MinValue;
                for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
                {
                    var entry = iterator.Key;
                    if (!Keys.IsWhole(entry))
                    {
                        failures.Enqueue($"reader {reader} saw a half-written entry {Convert.ToHexString(entry)}");
                        return;
                    }

                    var n = Keys.Number(entry);
                    if (n <= previous)
                    {
                        failures.Enqueue($"reader {reader} saw {n} after {previous}: not sorted");
                        return;
                    }

                    previous = n;
                    if (position[n] < before)
                    {
                        seenBefore++;
                    }
                }

                if (seenBefore != before)
                {
                    failures.Enqueue($"reader {reader}'s pass saw {seenBefore} of the {before} entries inserted before it began");
                    return;
                }

                // Seeks to entries already inserted land on them; Prev from there moves to a smaller, whole entry.
                for (var i = 0; i < 50 && before > 0; i++)
                {
                    var target = order[random.Next(before)];
                    iterator.Seek(Keys.Checked(target));
                    if (!iterator.Valid || Keys.Number(iterator.Key) != target)
                    {
                        failures.Enqueue($"reader {reader}: Seek({target}) landed on {(iterator.Valid ? Keys.Number(iterator.Key) : "nothing")}");
                        return;
                    }

                    iterator.Prev();
                    if (iterator.Valid && (!Keys.IsWhole(iterator.Key) || Keys.Number(iterator.Key) >= target))
                    {
                        failures.Enqueue($"reader {reader}: Prev from {target} landed on {Keys.Number(iterator.Key)}");
                        return;
                    }
                }

                Interlocked.Increment(ref passes);
            }
        }

        var threads = Enumerable.Range(0, readers).Select(r => new Thread(() => Read(r)) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        for (var i = 0; i < order.Length && failures.IsEmpty; i++)
        {
            list.Insert(Keys.Checked(order[i]));
            Volatile.Write(ref done, i + 1);
        }

        // Let every reader finish at least one pass over the whole list before stopping them.
        var deadline = DateTime.UtcNow + Patience;
        var target = Volatile.Read(ref passes) + readers;
        while (Volatile.Read(ref passes) < target && failures.IsEmpty && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }

        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join(Patience).Should().BeTrue("a reader thread did not stop within two minutes");
        }

        failures.Should().BeEmpty();
        Volatile.Read(ref passes).Should().BeGreaterThanOrEqualTo(readers, "each reader completed at least one pass");
        list.Count.Should().Be(Count);
        list.CheckInvariants();
    }
}
