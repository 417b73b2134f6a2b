using System.Globalization;

namespace FromScratch.Bitcask;

/// <summary>
/// The names of a store's files, all in its directory:
/// <code>
///   000001.data   data file 1 (records; the highest number is the active file)
///   000007.hint   hint of data file 7 (only merge outputs have one)
///   000007.merge  data file 7 while its merge has not committed (renamed to .data after)
///   MERGE         the merge commit record: which files a committed merge replaces
///   LOCK          held while a store has the directory open
/// </code>
/// </summary>
internal static class DataFileNames
{
    public const string DataSuffix = ".data";
    public const string HintSuffix = ".hint";
    public const string MergeSuffix = ".merge";
    public const string MergeManifest = "MERGE";
    public const string Lock = "LOCK";

    public static string Data(string directory, int id) => Path.Combine(directory, Name(id, DataSuffix));

    public static string Hint(string directory, int id) => Path.Combine(directory, Name(id, HintSuffix));

    public static string Merge(string directory, int id) => Path.Combine(directory, Name(id, MergeSuffix));

    public static string Name(int id, string suffix) => id.ToString("D6", CultureInfo.InvariantCulture) + suffix;

    /// <summary>Parses "000012.data" (with the given suffix) into 12.</summary>
    public static bool TryParse(string name, string suffix, out int id)
    {
        id = 0;
        return name.EndsWith(suffix, StringComparison.Ordinal)
            && name.Length > suffix.Length
            && name[..^suffix.Length].All(char.IsAsciiDigit)
            && int.TryParse(name.AsSpan(0, name.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }
}
