using System.Diagnostics;
using FromScratch.Shared.Diagnostics;
using FromScratch.Shared.IO;

namespace FromScratch.PageFile.Demo;

/// <summary>
/// How many fsyncs per second does this disk do? Appends fixed-size records to a fresh file,
/// as a write-ahead log does, under each durability policy, and times every append including
/// its sync:
/// <code>
///   none             write only: the bytes reach the OS page cache; a power cut loses them
///   fdatasync each   write + fdatasync: data and file size on disk before the append returns
///   fsync each       write + fsync: also the remaining metadata (mtime)
///   fdatasync prealloc  the file was written and synced at full length first, so each write
///                    overwrites in place and fdatasync has no file size to journal
///   fsync every N    group commit: N appends share one fsync; a crash loses up to N - 1
/// </code>
/// Latency percentiles are per append (nearest rank); with "every N", the sync is charged to the
/// N-th append, which is what its p99 shows.
/// </summary>
internal sealed class DurabilityExperiment(DemoOptions options, string directory)
{
    private enum SyncKind
    {
        None,
        Fdatasync,
        Fsync,
    }

    public void Run()
    {
        Console.WriteLine($"Durability experiment: {options.Count} appends of {options.WriteSize} bytes per mode, in {directory}");
        var disk = FileSystemProbe.Describe(directory);
        if (disk is not null)
        {
            Console.WriteLine($"File system: {disk}");
            if (disk.IsMemoryBacked)
            {
                Console.WriteLine("WARNING: this directory is on a memory file system: fsync costs nothing here and the");
                Console.WriteLine("         numbers say nothing about a disk. Pass --dir with a directory on a real disk.");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"mode",-20} {"appends",8} {"ops/s",10} {"MB/s",8} {"p50 us",9} {"p99 us",9} {"p99.9 us",9} {"max us",9}");
        Console.WriteLine(new string('-', 89));

        RunMode("none", SyncKind.None, 1, preallocate: false);
        RunMode("fdatasync each", SyncKind.Fdatasync, 1, preallocate: false);
        RunMode("fsync each", SyncKind.Fsync, 1, preallocate: false);
        RunMode("fdatasync prealloc", SyncKind.Fdatasync, 1, preallocate: true);
        foreach (var n in options.Every)
        {
            RunMode($"fsync every {n}", SyncKind.Fsync, n, preallocate: false);
        }

        Console.WriteLine();
        Console.WriteLine("ops/s under \"fsync each\" is roughly how many durable commits per second one writer gets on this");
        Console.WriteLine("disk; \"every N\" shows how group commit buys throughput with a window of loss. On a busy machine");
        Console.WriteLine("the numbers vary from run to run: run it twice, and on an idle machine for numbers to quote.");
    }

    private void RunMode(string name, SyncKind kind, int every, bool preallocate)
    {
        var path = Path.Combine(directory, $"append-{name.Replace(' ', '-')}.log");
        var record = new byte[options.WriteSize];
        new Random(1).NextBytes(record);
        var latencies = new long[options.Count];
        var done = 0;
        var budget = TimeSpan.FromSeconds(options.MaxSecondsPerMode);
        var total = Stopwatch.StartNew();
        using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            if (preallocate)
            {
                var zeros = new byte[record.Length];
                for (var i = 0; i < options.Count; i++)
                {
                    FileIo.Write(file, zeros, (long)i * record.Length);
                }
            }

            // Make the file itself durable first, so the first sync does not pay for creating it.
            Durability.Fsync(file);
            Durability.FsyncDirectory(directory);
            total.Restart();
            for (var i = 0; i < options.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                FileIo.Write(file, record, (long)i * record.Length);
                if ((i + 1) % every == 0)
                {
                    switch (kind)
                    {
                        case SyncKind.Fdatasync:
                            Durability.Fdatasync(file);
                            break;
                        case SyncKind.Fsync:
                            Durability.Fsync(file);
                            break;
                        case SyncKind.None:
                            break;
                    }
                }

                latencies[i] = Stopwatch.GetTimestamp() - start;
                done = i + 1;
                if (total.Elapsed > budget)
                {
                    break;
                }
            }

            total.Stop();

            // Flush what this mode left dirty (all of it, for "none") outside the timed region, so
            // that its write-back does not slow down the next mode.
            Durability.Fsync(file);
        }

        File.Delete(path);
        var sorted = latencies.AsSpan(0, done);
        sorted.Sort();
        var seconds = total.Elapsed.TotalSeconds;
        var opsPerSecond = done / seconds;
        var megabytesPerSecond = (double)done * record.Length / seconds / (1024 * 1024);
        var note = done < options.Count ? $"  (stopped after {options.MaxSecondsPerMode:0.###} s)" : "";
        Console.WriteLine(
            $"{name,-20} {done,8} {opsPerSecond,10:N0} {megabytesPerSecond,8:N1} {Micros(Percentiles.Of(sorted, 50)),9:N0} " +
            $"{Micros(Percentiles.Of(sorted, 99)),9:N0} {Micros(Percentiles.Of(sorted, 99.9)),9:N0} {Micros(sorted[^1]),9:N0}{note}");
    }

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
