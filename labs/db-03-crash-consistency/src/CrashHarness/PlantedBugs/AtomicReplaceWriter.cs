using System.Text;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.CrashHarness.PlantedBugs;

/// <summary>
/// A small writer that replaces a configuration file several times with the atomic-replace recipe,
/// acknowledging each version as durable when the replace returns; with a
/// <see cref="AtomicReplaceMistake"/> it leaves one step out, a classic durability bug the
/// <see cref="CrashPointHarness"/> must catch.
/// <code>
///   per version v:                              mistake that skips it
///     write  /app/config.json.tmp  (v)
///     fsync  /app/config.json.tmp               RenameWithoutFileSync
///     rename /app/config.json.tmp -> /app/config.json
///     fsync  /app                               RenameWithoutDirectorySync
///     acknowledge v
/// </code>
/// Invariant checked after every crash (<see cref="CrashLedger.ExpectValue(string, byte[])"/>):
/// <c>/app/config.json</c> holds exactly one version written at or after the last acknowledged
/// one, and may be absent only if none was acknowledged. Each version is larger than a sector, so a
/// torn file is distinguishable from every version. Single-threaded: every case replays exactly.
/// </summary>
public sealed class AtomicReplaceWriter : ICrashWorkload
{
    /// <summary>The directory that holds the configuration file.</summary>
    public const string DirectoryPath = "/app";

    /// <summary>The file replaced.</summary>
    public const string ConfigPath = "/app/config.json";

    /// <summary>The ledger key of the file's contents.</summary>
    public const string Key = "config.json";

    /// <summary>Creates the writer.</summary>
    /// <param name="mistake">The step to leave out; <see cref="AtomicReplaceMistake.None"/> for the correct twin.</param>
    /// <param name="versions">How many versions to write (1 or more).</param>
    public AtomicReplaceWriter(AtomicReplaceMistake mistake, int versions = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(versions);
        Mistake = mistake;
        Versions = versions;
    }

    /// <summary>The step this writer leaves out.</summary>
    public AtomicReplaceMistake Mistake { get; }

    /// <summary>How many versions it writes.</summary>
    public int Versions { get; }

    /// <inheritdoc/>
    public string Name => Mistake switch
    {
        AtomicReplaceMistake.None => "atomic replace (correct)",
        AtomicReplaceMistake.RenameWithoutFileSync => "atomic replace: rename without fsync of the file",
        AtomicReplaceMistake.RenameWithoutDirectorySync => "atomic replace: rename without fsync of the directory",
        _ => $"atomic replace: {Mistake}",
    };

    /// <summary>
    /// The contents of version <paramref name="version"/>: <c>{"version": N}</c>, spaces, then a
    /// letter repeated up to 700 bytes (more than one 512-byte sector, so a torn file differs from
    /// every version).
    /// </summary>
    public static byte[] Contents(int version)
    {
        var bytes = new byte[700];
        bytes.AsSpan().Fill((byte)' ');
        Encoding.ASCII.GetBytes($"{{\"version\": {version}}}").CopyTo(bytes, 0);
        bytes.AsSpan(32).Fill((byte)('a' + (version % 26)));
        return bytes;
    }

    /// <inheritdoc/>
    public void Run(IFileSystem fileSystem, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(ledger);
        fileSystem.CreateDirectory(DirectoryPath);
        fileSystem.SyncDirectory("/");
        var temporary = ConfigPath + AtomicFile.TempSuffix;
        for (var version = 1; version <= Versions; version++)
        {
            var contents = Contents(version);
            ledger.Attempt(Key, contents);
            using (var file = fileSystem.OpenFile(temporary, FileOpenMode.CreateOrTruncate))
            {
                file.Write(contents, 0);
                if (Mistake != AtomicReplaceMistake.RenameWithoutFileSync)
                {
                    file.Sync(FileSyncKind.All);
                }
            }
            fileSystem.RenameFile(temporary, ConfigPath);
            if (Mistake != AtomicReplaceMistake.RenameWithoutDirectorySync)
            {
                fileSystem.SyncDirectory(DirectoryPath);
            }
            ledger.Acknowledge(Key, contents);
        }
    }

    /// <inheritdoc/>
    public void Verify(IFileSystem recovered, CrashLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        ArgumentNullException.ThrowIfNull(ledger);
        var contents = recovered.FileExists(ConfigPath) ? recovered.ReadAllBytes(ConfigPath) : null;
        ledger.ExpectValue(Key, contents);
    }
}
