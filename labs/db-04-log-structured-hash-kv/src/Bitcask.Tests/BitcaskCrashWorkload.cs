using System.Globalization;
using System.Text;
using FromScratch.CrashHarness;

namespace FromScratch.Bitcask.Tests;

/// <summary>
/// Bitcask under db-03's crash-point harness: puts, deletes, a batch and merges on six keys, with
/// small files so that rollovers happen, then a clean Dispose.
/// <code>
///   for i in 0 .. Operations-1:   key k(i mod 6)
///     every 5th op: Delete        ledger value "deleted"       (a register whose absence is a value)
///     otherwise:    Put k = "k#i" ledger value "k#i"
///     acknowledged when it returns if the write was synced (SyncMode, or every 3rd op)
///     after ops 14 and 38: Merge (the merge itself acknowledges nothing)
///   a batch of two puts and a delete (all-or-nothing), synced
///   Dispose (it syncs the active file): every key acknowledged
/// </code>
/// Invariants checked after each crash (the ledger's register rule, per key): every acknowledged
/// write present, nothing older than it (a deleted key resurrected is an older value), nothing never
/// written; and recovery reports no corruption (a crash can only tear the file that was being
/// appended to). <see cref="Recover"/> lets the harness crash the recovery itself. Single-threaded:
/// every case replays exactly.
/// </summary>
internal sealed class BitcaskCrashWorkload(SyncMode mode, int operations = 60) : ICrashWorkload
{
    private const string Directory = "/db";
    private static readonly byte[] Deleted = Encoding.ASCII.GetBytes("deleted");

    private static readonly BitcaskOptions Options = new() { MaxFileSize = 300 };

    public string Name => string.Create(CultureInfo.InvariantCulture, $"bitcask: {operations} puts/deletes, 2 merges, a batch, SyncMode.{mode}");

    private static string Key(int i) => string.Create(CultureInfo.InvariantCulture, $"k{i % 6}");

    public void Run(IFileSystem fileSystem, CrashLedger ledger)
    {
        fileSystem.CreateDirectory(Directory);
        fileSystem.SyncDirectory("/");
        var store = BitcaskStore.Open(fileSystem, Directory, Options with { SyncMode = mode });
        for (var i = 0; i < operations; i++)
        {
            var key = Key(i);
            var synced = mode != SyncMode.None || i % 3 == 2;
            var options = i % 3 == 2 ? WriteOptions.Synced : WriteOptions.Default;
            if (i % 5 == 4)
            {
                ledger.Attempt(key, Deleted);
                store.Delete(Encoding.ASCII.GetBytes(key), options);
                if (synced)
                {
                    ledger.Acknowledge(key, Deleted);
                }
            }
            else
            {
                var value = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}#{i}"));
                ledger.Attempt(key, value);
                store.Put(Encoding.ASCII.GetBytes(key), value, options);
                if (synced)
                {
                    ledger.Acknowledge(key, value);
                }
            }
            if (i is 14 or 38)
            {
                store.Merge();
            }
        }

        var a = Encoding.ASCII.GetBytes("batch-a");
        var b = Encoding.ASCII.GetBytes("batch-b");
        ledger.Attempt("k0", a);
        ledger.Attempt("k1", b);
        ledger.Attempt("k2", Deleted);
        store.Write(new WriteBatch().Put("k0"u8, a).Put("k1"u8, b).Delete("k2"u8), WriteOptions.Synced);
        ledger.Acknowledge("k0", a);
        ledger.Acknowledge("k1", b);
        ledger.Acknowledge("k2", Deleted);

        store.Dispose();
        foreach (var key in ledger.Keys)
        {
            ledger.Acknowledge(key);
        }
    }

    // The recovery a restarting process runs: open (finish or discard a merge, cut the torn tail,
    // create the active file) and close. The harness may cut the power in the middle of it.
    public void Recover(IFileSystem recovered)
    {
        if (recovered.DirectoryExists(Directory))
        {
            BitcaskStore.Open(recovered, Directory, Options with { SyncMode = mode }).Dispose();
        }
    }

    public void Verify(IFileSystem recovered, CrashLedger ledger)
    {
        if (!recovered.DirectoryExists(Directory))
        {
            foreach (var key in ledger.Keys)
            {
                ledger.ExpectValue(key, null);
            }
            return;
        }

        using var store = BitcaskStore.Open(recovered, Directory, Options with { SyncMode = mode });
        if (store.Recovery.FoundCorruption)
        {
            throw new CrashInvariantViolation($"recovery reported corruption: {string.Join("; ", store.Recovery.Damage)} {string.Join("; ", store.Recovery.RejectedHints)}");
        }
        foreach (var key in ledger.Keys)
        {
            var value = store.Get(Encoding.ASCII.GetBytes(key));
            // Absent after a delete was attempted reads as the delete; absent otherwise as "never written".
            value ??= ledger.Attempted(key).Any(v => v.AsSpan().SequenceEqual(Deleted)) ? Deleted : null;
            ledger.ExpectValue(key, value);
        }
    }
}
