using System.Diagnostics.Metrics;

namespace FromScratch.Memtable.Tests;

/// <summary>Step 06: the memtable's meter counts every entry added, its encoded bytes, and the arena blocks the adds took.</summary>
[Trait("Step", "06")]
[Collection(nameof(MeterCollection))]
public sealed class Step06MemTableMetricsTests
{
    [Fact]
    public void A_meter_listener_sees_every_entry_its_encoded_bytes_and_the_arena_blocks_taken()
    {
        // Measurements are recorded on the adding thread: count only this test's.
        var thread = Environment.CurrentManagedThreadId;
        var sums = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MemTableMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                sums[instrument.Name] = sums.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();

        var memTable = new MemTable(InternalKeyComparator.Bytewise, arenaBlockSize: 4096);
        using var sameSizes = new Arena(4096);   // the same allocations in an arena of its own: the blocks to expect
        var expectedBytes = 0L;
        for (var i = 0; i < 1000; i++)
        {
            var key = System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");
            var value = new byte[i % 3 == 0 ? 0 : 100];
            memTable.Add((ulong)i + 1, i % 3 == 0 ? EntryType.Deletion : EntryType.Value, key, value);
            var length = 1 + key.Length + InternalKey.TagSize + 1 + value.Length;   // one-byte varints below 128
            sameSizes.Allocate(length, out _);
            expectedBytes += length;
        }

        memTable.Add(5000, EntryType.Value, "large"u8, new byte[2000]);   // above a quarter block: a block of its own
        var largeLength = 1 + 5 + InternalKey.TagSize + 2 + 2000;          // the value length 2000 takes a two-byte varint
        sameSizes.Allocate(largeLength, out _);
        expectedBytes += largeLength;

        sums.GetValueOrDefault("fromscratch.memtable.entries").Should().Be(1001, "every add, put or deletion, counts one entry");
        sums.GetValueOrDefault("fromscratch.memtable.bytes").Should().Be(expectedBytes, "the encoded size of each entry: varint32 klength, internal key, varint32 vlength, value");
        sums.GetValueOrDefault("fromscratch.memtable.arena.blocks").Should().Be(sameSizes.BlockCount, "every block the arena took, including the large entry's own");
        memTable.Unref();
    }
}
