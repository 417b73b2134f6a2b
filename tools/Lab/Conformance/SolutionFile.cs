using System.Xml;
using System.Xml.Linq;

namespace FromScratch.Lab.Conformance;

/// <summary>
/// Reads the projects of an XML solution file (.slnx): every <c>&lt;Project Path="..."/&gt;</c>,
/// at any depth under <c>&lt;Folder&gt;</c> elements, with its path resolved against the folder
/// that holds the .slnx.
/// </summary>
internal static class SolutionFile
{
    /// <summary>Path comparison as the file system does it: case-insensitive on Windows and macOS.</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// The full paths of the projects in <paramref name="slnxPath"/>. Throws
    /// <see cref="InvalidDataException"/> when the file is not well-formed XML.
    /// </summary>
    public static IReadOnlyList<string> ProjectPaths(string slnxPath)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(slnxPath);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{slnxPath} is not well-formed XML: {e.Message}", e);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(slnxPath))!;
        return doc.Descendants()
            .Where(e => e.Name.LocalName == "Project")
            .Select(e => (string?)e.Attribute("Path"))
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => Path.GetFullPath(Path.Combine(dir, p!.Replace('\\', '/'))))
            .ToList();
    }
}
