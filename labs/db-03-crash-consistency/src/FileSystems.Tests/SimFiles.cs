using System.Text;
using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>Helpers of the simulator's tests (steps 01-04): whole-tree snapshots and one-line file setups.</summary>
internal static class SimFiles
{
    /// <summary>Every file under <paramref name="directory"/> as "path" → contents (as text), and every directory as "path/" → "".</summary>
    public static SortedDictionary<string, string> Snapshot(IFileSystem fileSystem, string directory = "/")
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(fileSystem, Path.GetFullPath(directory), snapshot);
        return snapshot;
    }

    /// <summary>The file's contents as Latin-1 text (one char per byte, zeros as '\0').</summary>
    public static string Text(IFileSystem fileSystem, string path) => Encoding.Latin1.GetString(fileSystem.ReadAllBytes(path));

    /// <summary>Reads a whole open file, as its handle sees it.</summary>
    public static byte[] ReadAll(IFileHandle file)
    {
        var bytes = new byte[file.Length];
        file.Read(bytes, 0).Should().Be(bytes.Length);
        return bytes;
    }

    /// <summary>Creates <paramref name="path"/> with <paramref name="contents"/>, syncs the file and its directory: all of it durable.</summary>
    public static void CreateDurable(IFileSystem fileSystem, string path, string contents)
    {
        using (var file = fileSystem.OpenFile(path, FileOpenMode.CreateNew))
        {
            file.Write(Encoding.Latin1.GetBytes(contents), 0);
            file.Sync();
        }

        fileSystem.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>A file system with the durable directory <paramref name="directory"/> (every parent synced).</summary>
    public static SimulatedFileSystem WithDirectory(string directory = "/db", CrashModel? model = null)
    {
        var fileSystem = new SimulatedFileSystem(model);
        fileSystem.CreateDirectory(directory);
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(directory)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            fileSystem.SyncDirectory(parent);
        }

        return fileSystem;
    }

    private static void Walk(IFileSystem fileSystem, string directory, SortedDictionary<string, string> snapshot)
    {
        foreach (var name in fileSystem.ListDirectory(directory))
        {
            var path = Path.Combine(directory, name);
            if (fileSystem.DirectoryExists(path))
            {
                snapshot[path + "/"] = "";
                Walk(fileSystem, path, snapshot);
            }
            else
            {
                snapshot[path] = Text(fileSystem, path);
            }
        }
    }
}
