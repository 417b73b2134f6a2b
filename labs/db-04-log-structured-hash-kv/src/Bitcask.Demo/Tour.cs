using System.Text;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask.Demo;

/// <summary>The scripted demo, on a <see cref="SimulatedFileSystem"/> so that the power can be cut at an exact operation.</summary>
internal static class Tour
{
    private const string Directory = "/db";
    private const int Keys = 5000;

    public static int Run(int seed)
    {
        var output = Console.Out;
        var options = new BitcaskOptions { MaxFileSize = 64 * 1024, SyncMode = SyncMode.None };
        output.WriteLine($"db-04 Bitcask demo (seed {seed}; simulated disk, pessimistic crash model; files of {options.MaxFileSize / 1024} KiB)");

        Section(output, $"1. Load {Keys:N0} keys; every 250th write is synced (acknowledged durable), the rest are not");
        var fs = new SimulatedFileSystem(CrashModel.Pessimistic);
        var store = BitcaskStore.Open(fs, Directory, options);
        var written = new Dictionary<string, string>();
        var acknowledged = new Dictionary<string, string>();   // what was durable when the power went
        for (var i = 0; i < Keys; i++)
        {
            var (key, value) = Entry(i, version: 1);
            var synced = i % 250 == 249;
            store.Put(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), synced ? WriteOptions.Synced : null);
            written[key] = value;
            if (synced)
            {
                // A synced write makes every earlier write durable too (one file, one fsync).
                foreach (var (k, v) in written)
                {
                    acknowledged[k] = v;
                }
            }
        }
        Stats.Print(output, "after loading", store.Statistics);

        Section(output, "2. Keep writing, and cut the power in the middle of it");
        var cutAfter = fs.OperationCount + 137;
        fs.PowerLossAfter = cutAfter;
        var attempted = 0;
        try
        {
            for (var i = 0; ; i++)
            {
                var (key, value) = Entry(i, version: 2);
                attempted++;
                store.Put(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), i % 50 == 49 ? WriteOptions.Synced : null);
                written[key] = value;
                if (i % 50 == 49)
                {
                    foreach (var (k, v) in written)
                    {
                        acknowledged[k] = v;
                    }
                }
            }
        }
        catch (PowerLossException e)
        {
            output.WriteLine($"  {e.Message}, during the overwrite of key #{attempted - 1} (its Put threw: never acknowledged)");
        }
        output.WriteLine($"  at the crash: {acknowledged.Count:N0} keys acknowledged durable; {CountNewer(written, acknowledged):N0} later writes not yet synced");

        Section(output, $"3. Crash: the disk keeps the synced data and a random part of the rest (seed {seed})");
        var crashed = fs.Crash(new Random(seed));
        try
        {
            store.Dispose();
        }
        catch (IOException)
        {
            // The old machine has no power: the store cannot close its files. What counts is the reopen.
        }
        store = BitcaskStore.Open(crashed, Directory, options);
        Stats.Print(output, store.Recovery);

        var lost = 0;
        var survivedUnsynced = 0;
        var violations = 0;
        foreach (var (key, value) in written)
        {
            var got = store.Get(Encoding.UTF8.GetBytes(key)) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
            var durable = acknowledged.GetValueOrDefault(key);
            if (got == value)
            {
                survivedUnsynced += durable == value ? 0 : 1;
            }
            else if (got is not null && got == durable)
            {
                lost++;   // the unsynced newer value was lost; the acknowledged one is there
            }
            else if (durable is null && got is null)
            {
                lost++;
            }
            else
            {
                violations++;
                output.WriteLine($"  VIOLATION: {key}: found {got ?? "nothing"}, acknowledged {durable ?? "nothing"}");
            }
        }
        output.WriteLine($"  every acknowledged write is there: {(violations == 0 ? "yes" : $"NO ({violations} violations)")}");
        output.WriteLine($"  unsynced writes that survived anyway: {survivedUnsynced:N0}; unsynced writes lost: {lost:N0}");

        Section(output, "4. Make garbage: overwrite every third key, delete every fifth");
        for (var i = 0; i < Keys; i++)
        {
            var key = Encoding.UTF8.GetBytes(Entry(i, 3).Key);
            if (i % 5 == 0)
            {
                store.Delete(key);
            }
            else if (i % 3 == 0)
            {
                store.Put(key, Encoding.UTF8.GetBytes(Entry(i, 3).Value));
            }
        }
        Stats.Print(output, "before merge", store.Statistics);

        Section(output, "5. Merge: rewrite the live records into new files with hints, switch over, delete the old files");
        var result = store.Merge();
        output.WriteLine($"  merged files {Range(result.InputFiles)} into {Range(result.OutputFiles)}: {result.RecordsCopied:N0} live records copied, {result.BytesReclaimed:N0} B reclaimed");
        Stats.Print(output, "after merge", store.Statistics);
        output.WriteLine($"  files now: {string.Join(" ", crashed.ListDirectory(Directory))}");

        Section(output, "6. Reopen: the merged files load from their hints, without reading a value");
        store.Dispose();
        using (var reopened = BitcaskStore.Open(crashed, Directory, options))
        {
            Stats.Print(output, reopened.Recovery);
            var sample = Entry(7, 3).Key;
            output.WriteLine($"  get {sample} -> {Encoding.UTF8.GetString(reopened.Get(Encoding.UTF8.GetBytes(sample)) ?? [])}");
            output.WriteLine($"  get {Entry(10, 3).Key} -> {(reopened.Get(Encoding.UTF8.GetBytes(Entry(10, 3).Key)) is null ? "(deleted)" : "present")}");
        }
        output.WriteLine();
        output.WriteLine("Try it yourself: ./lab demo db-04 -- shell");
        return violations == 0 ? 0 : 1;
    }

    private static (string Key, string Value) Entry(int i, int version) =>
        ($"user:{i:D5}", $"{{\"id\":{i},\"version\":{version},\"name\":\"user {i}\",\"pad\":\"{new string((char)('a' + (i % 26)), 40 + (i % 60))}\"}}");

    private static int CountNewer(Dictionary<string, string> written, Dictionary<string, string> acknowledged) =>
        written.Count(w => acknowledged.GetValueOrDefault(w.Key) != w.Value);

    private static string Range(IReadOnlyList<int> ids) =>
        ids.Count == 0 ? "(none)" : ids.Count == 1 ? $"{ids[0]:D6}" : $"{ids[0]:D6}..{ids[^1]:D6}";

    private static void Section(TextWriter output, string title)
    {
        output.WriteLine();
        output.WriteLine(title);
    }
}
