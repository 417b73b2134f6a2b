using System.Globalization;

namespace FromScratch.Bitcask.Benchmarks;

/// <summary>
/// The memory cost per key of Bitcask's key directory, the number that decides how many keys a
/// Bitcask node can hold (the paper: every key must fit in RAM). Loads N keys of db_bench's 16-byte
/// form into a <see cref="KeyDirectory"/>, measuring the managed heap after a full, compacting
/// collection before and after; prints bytes per key and what they are made of. The key directory
/// is all managed arrays (slots and entry chunks), so the managed heap is all of it.
/// <code>
///   dotnet run -c Release --project labs/db-04-log-structured-hash-kv/src/Bitcask.Benchmarks -- keydir-memory 1000000
/// </code>
/// </summary>
internal static class KeyDirectoryMemory
{
    public static int Run(string[] args)
    {
        var count = 1_000_000;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count <= 0))
        {
            Console.Error.WriteLine("usage: keydir-memory [N]   (N keys, default 1000000)");
            return 2;
        }

        // Keys are made before the first measurement and kept alive until after the second, so only
        // the directory's own allocations (its copies of the keys, nodes, buckets) are counted.
        var keys = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            keys[i] = System.Text.Encoding.ASCII.GetBytes(i.ToString("D16", CultureInfo.InvariantCulture));
        }

        var before = Measure();
        var directory = new KeyDirectory();
        for (var i = 0; i < count; i++)
        {
            directory.Set(keys[i], new KeyDirEntry(1, 135, (long)i * 135, (ulong)i + 1));
        }
        var after = Measure();
        GC.KeepAlive(keys);
        GC.KeepAlive(directory);

        var perKey = (double)(after - before) / count;
        const int KeyBytes = 16;
        Console.WriteLine($"keydir-memory: {count:N0} keys of {KeyBytes} bytes, {directory.Count:N0} entries");
        Console.WriteLine($"  managed heap before {before:N0} B, after {after:N0} B");
        Console.WriteLine($"  {perKey:F1} bytes per key: {perKey - KeyBytes:F1} besides the {KeyBytes} key bytes");
        Console.WriteLine("  of which: the entry, 22 B (file id 4, offset 4, size 4, sequence 8, key length 2) before the key,");
        Console.WriteLine("            8 B of slot (hash and position) per 3/8 to 3/4 of a key (the table doubles at 3/4 full),");
        Console.WriteLine("            and the unused end of the last 1 MiB chunk of entries");
        Console.WriteLine($"  runtime {Environment.Version}, {(Environment.Is64BitProcess ? "64" : "32")}-bit, server GC {System.Runtime.GCSettings.IsServerGC}");
        return 0;
    }

    private static long Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
