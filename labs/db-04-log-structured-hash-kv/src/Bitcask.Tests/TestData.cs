using System.Text;

namespace FromScratch.Bitcask.Tests;

/// <summary>Deterministic keys and values for the tests.</summary>
internal static class TestData
{
    public static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key-{i:D5}");

    /// <summary>A value of <paramref name="length"/> bytes that depends on <paramref name="seed"/> (so two versions of a key differ).</summary>
    public static byte[] Value(int seed, int length)
    {
        var value = new byte[length];
        new Random(seed).NextBytes(value);
        return value;
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A simulated file system with the store directory /db created and durable.</summary>
    public static SimulatedFileSystem NewSimulator(CrashModel? model = null)
    {
        var fs = new SimulatedFileSystem(model ?? CrashModel.Pessimistic);
        fs.CreateDirectory(Db);
        fs.SyncDirectory("/");
        return fs;
    }

    public const string Db = "/db";

    public static string DataFile(string directory, int id) => Path.Combine(directory, $"{id:D6}.data");

    public static string HintFile(string directory, int id) => Path.Combine(directory, $"{id:D6}.hint");

    /// <summary>The numbers of the data files in <paramref name="directory"/>, ascending.</summary>
    public static List<int> DataFileIds(IFileSystem fs, string directory) =>
        [.. fs.ListDirectory(directory).Where(n => n.EndsWith(".data", StringComparison.Ordinal)).Select(n => int.Parse(n[..^5], System.Globalization.CultureInfo.InvariantCulture)).Order()];
}
