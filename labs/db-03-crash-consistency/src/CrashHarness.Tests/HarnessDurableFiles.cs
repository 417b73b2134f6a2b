using System.Text;
using FromScratch.Shared.FileSystems;

namespace FromScratch.CrashHarness.Tests;

/// <summary>
/// The simplest correct workload: creates files in /data, each written under a temporary name,
/// fsynced, renamed to its name and its directory fsynced before it is acknowledged. Operations (as
/// SimulatedFileSystem counts them): mkdir /data, sync-dir /, then per file: create, write, sync,
/// rename, sync-dir /data: 2 + 5 * files.
/// </summary>
internal static class HarnessDurableFiles
{
    public const string Directory = "/data";

    public static long OperationCount(int files) => 2 + (5 * files);

    public static byte[] Contents(int file) => Encoding.ASCII.GetBytes($"file {file} " + new string((char)('a' + file), 600));

    public static void Run(IFileSystem fileSystem, CrashLedger ledger, int files)
    {
        fileSystem.CreateDirectory(Directory);
        fileSystem.SyncDirectory("/");
        for (var i = 1; i <= files; i++)
        {
            var contents = Contents(i);
            ledger.Attempt(Key(i), contents);
            using (var file = fileSystem.OpenFile(Path(i) + ".tmp", FileOpenMode.CreateNew))
            {
                file.Write(contents, 0);
                file.Sync();
            }
            fileSystem.RenameFile(Path(i) + ".tmp", Path(i));
            fileSystem.SyncDirectory(Directory);
            ledger.Acknowledge(Key(i), contents);
        }
    }

    public static void Verify(IFileSystem recovered, CrashLedger ledger, int files)
    {
        for (var i = 1; i <= files; i++)
        {
            ledger.ExpectValue(Key(i), recovered.FileExists(Path(i)) ? recovered.ReadAllBytes(Path(i)) : null);
        }
    }

    public static ICrashWorkload Workload(int files) =>
        new HarnessDelegateWorkload($"durable files x{files}", (fs, l) => Run(fs, l, files), (fs, l) => Verify(fs, l, files));

    public static string Key(int file) => $"file{file}";

    public static string Path(int file) => $"{Directory}/file{file}";
}
