using System.Text;
using FromScratch.Memtable;
using FromScratch.Shared.KeyValue;

// db-05's demo, in three parts. Everything it prints comes from the reference library:
//   1. a skip list of 16 keys drawn level by level (SkipList.EntriesAtLevel)
//   2. one writer adding 200,000 entries to a memtable while two readers iterate it without locks
//   3. the internal keys of one user key (bytes and parsed) and Get at several snapshots
Console.OutputEncoding = Encoding.UTF8;
DrawSkipList();
WriterAndReaders();
InternalKeysAndSnapshots();
return 0;

static void DrawSkipList()
{
    Console.WriteLine("== 1. A skip list, level by level ==");
    Console.WriteLine();
    using var arena = new Arena();
    var list = new SkipList(arena, BytewiseComparator.Instance, seed: 42);   // LevelDB seeds 0xdeadbeef; 42 draws a taller small list
    var order = Enumerable.Range(1, 16).Select(n => n * 3).ToArray();
    new Random(5).Shuffle(order);
    foreach (var n in order)
    {
        list.Insert(Encoding.ASCII.GetBytes($"{n:D2}"));
    }

    var bottom = list.EntriesAtLevel(0).Select(Encoding.ASCII.GetString).ToList();
    for (var level = list.Height - 1; level >= 0; level--)
    {
        var here = list.EntriesAtLevel(level).Select(Encoding.ASCII.GetString).ToHashSet();
        var line = new StringBuilder($"level {level}  head ");
        foreach (var key in bottom)
        {
            line.Append(here.Contains(key) ? $"-> {key} " : new string('-', key.Length + 4));
        }

        Console.WriteLine(line.Append("-> null"));
    }

    Console.WriteLine();
    Console.WriteLine($"inserted in the order {string.Join(' ', order)}, heights drawn from seed 42; {list.Count} entries, height {list.Height} (at most {SkipList.MaxHeight})");
    Console.WriteLine($"entries per level, bottom up: {string.Join(", ", Enumerable.Range(0, list.Height).Select(l => list.EntriesAtLevel(l).Count))}  (each level keeps about 1 in {SkipList.Branching} of the one below)");
    list.CheckInvariants();
    Console.WriteLine("CheckInvariants: every level sorted, each a sublist of the one below, no node above the height");
    Console.WriteLine();
}

static void WriterAndReaders()
{
    const int Entries = 200_000;
    Console.WriteLine("== 2. One writer, two readers, no locks ==");
    Console.WriteLine();
    var memTable = new MemTable(InternalKeyComparator.Bytewise);
    var keys = Enumerable.Range(0, Entries).ToArray();
    new Random(7).Shuffle(keys);
    var writing = true;
    var reports = new string[2];
    var readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
    {
        // Full passes over the memtable while the writer adds: each pass must be sorted (strictly, by
        // the internal key comparator), and must see at least what the previous pass saw.
        var passes = new List<long>();
        var unsorted = 0L;
        var shrank = 0;
        using var iterator = memTable.NewIterator();
        var previous = new byte[64];
        while (memTable.Count == 0)
        {
            Thread.SpinWait(100);   // start with the writer, not before it
        }

        do
        {
            var seen = 0L;
            var previousLength = -1;
            for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
            {
                var key = iterator.Key;
                if (previousLength >= 0 && InternalKeyComparator.Bytewise.Compare(previous.AsSpan(0, previousLength), key) >= 0)
                {
                    unsorted++;
                }

                key.CopyTo(previous);
                previousLength = key.Length;
                seen++;
            }

            if (passes.Count > 0 && seen < passes[^1])
            {
                shrank++;
            }

            passes.Add(seen);
        }
        while (Volatile.Read(ref writing));

        // One more pass after the writer finished: it must see every entry.
        var final = 0L;
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
            final++;
        }

        var shown = passes.Count <= 6 ? passes : [.. passes.Take(3), .. passes.TakeLast(3)];
        reports[r] = $"reader {r + 1}: {passes.Count} passes; entries seen per pass: {string.Join(", ", shown.Select(c => c.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}{(passes.Count > 6 ? " (first and last three)" : "")}\n"
            + $"          out-of-order pairs: {unsorted}; passes that saw fewer entries than the pass before: {shrank}; a pass after the writer finished: {final:N0}";
    })
    { Name = $"reader {r + 1}" }).ToList();
    readers.ForEach(t => t.Start());

    var clock = System.Diagnostics.Stopwatch.StartNew();
    var sequence = 0UL;
    foreach (var k in keys)
    {
        var key = Encoding.ASCII.GetBytes($"user{k:D8}");
        memTable.Add(++sequence, k % 10 == 0 ? EntryType.Deletion : EntryType.Value, key, k % 10 == 0 ? [] : Encoding.ASCII.GetBytes($"value of {k}"));
    }

    Volatile.Write(ref writing, false);
    readers.ForEach(t => t.Join());
    Console.WriteLine($"writer: {Entries:N0} adds (one in ten a deletion) in random key order, {clock.Elapsed.TotalMilliseconds:N0} ms while the readers ran");
    foreach (var report in reports)
    {
        Console.WriteLine(report);
    }

    Console.WriteLine($"memtable: {memTable.Count:N0} entries, ApproximateMemoryUsage {memTable.ApproximateMemoryUsage / 1024.0 / 1024.0:N1} MiB (arena blocks and node chunks)");
    Console.WriteLine("every pass of every reader was sorted and whole; the counts only grow, because nodes are published complete and never removed");
    memTable.Unref();
    Console.WriteLine();
}

static void InternalKeysAndSnapshots()
{
    Console.WriteLine("== 3. Internal keys and snapshots ==");
    Console.WriteLine();
    var memTable = new MemTable(InternalKeyComparator.Bytewise);
    memTable.Add(3, EntryType.Value, "apple"u8, "red"u8);
    memTable.Add(4, EntryType.Value, "apricot"u8, "orange"u8);
    memTable.Add(5, EntryType.Value, "apple"u8, "green"u8);
    memTable.Add(8, EntryType.Deletion, "apple"u8, []);
    memTable.Add(9, EntryType.Value, "ant"u8, "black"u8);
    memTable.Add(300, EntryType.Value, "apple"u8, "gold"u8);
    Console.WriteLine("writes: 3 put apple=red, 4 put apricot=orange, 5 put apple=green, 8 delete apple, 9 put ant=black, 300 put apple=gold");
    Console.WriteLine();
    Console.WriteLine("the memtable in order (MemTableIterator): internal key = user key | tag (8 bytes, little-endian (sequence << 8) | type)");
    using (var iterator = memTable.NewIterator())
    {
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
            var key = iterator.Key;
            InternalKey.TryParse(key, out var parsed);
            Console.WriteLine($"  {Hex(InternalKey.UserKey(key)),-20} | {Hex(key[^InternalKey.TagSize..])}   {parsed.ToString(),-22} value \"{Encoding.ASCII.GetString(iterator.Value)}\"");
        }
    }

    Console.WriteLine();
    Console.WriteLine("one entry as the skip list holds it (memtable.cc's encoding: varint32 klength | user key | tag | varint32 vlength | value):");
    using (var entries = memTable.Table.NewIterator())
    {
        entries.SeekToFirst();
        entries.Next();   // "ant" @ 9 comes first; the next entry is "apple" @ 300
        Console.WriteLine($"  {Hex(entries.Key)}");
        Console.WriteLine("  0D = klength 13 (5 + 8) | 61 70 70 6C 65 = \"apple\" | 01 2C 01 00 00 00 00 00 = 300 << 8 | 1 | 04 = vlength 4 | 67 6F 6C 64 = \"gold\"");
    }

    Console.WriteLine();
    Console.WriteLine("Get(\"apple\") at snapshots: a seek to (apple, snapshot, type 1) lands on the newest version at or below the snapshot");
    foreach (var snapshot in new ulong[] { 2, 3, 4, 5, 7, 8, 299, 300, InternalKey.MaxSequenceNumber })
    {
        var lookup = new LookupKey("apple"u8, snapshot);
        var result = memTable.Get(lookup, out var value);
        var answer = result switch
        {
            MemTableGetResult.Found => $"found \"{Encoding.ASCII.GetString(value)}\"",
            MemTableGetResult.Deleted => "deleted (a tombstone: stop, do not look in older data)",
            _ => "absent (not in this memtable at this snapshot: look in older data)",
        };
        var label = snapshot == InternalKey.MaxSequenceNumber ? "2^56-1" : snapshot.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"  snapshot {label,6}: lookup key {Hex(lookup.MemtableKey)} -> {answer}");
    }

    memTable.Unref();
}

static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).Chunk(2).Select(c => new string(c)).Aggregate(new StringBuilder(), (s, c) => s.Append(s.Length == 0 ? "" : " ").Append(c)).ToString();
