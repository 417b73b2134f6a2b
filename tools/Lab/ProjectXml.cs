using System.Xml.Linq;

namespace FromScratch.Lab;

/// <summary>
/// What the lab command reads from a .csproj without MSBuild: its properties, items and project
/// references, with <c>$(MSBuildThisFileDirectory)</c> and <c>$(MSBuildProjectDirectory)</c>
/// expanded. Enough for the repository's project files, which set these plainly; a file that cannot
/// be read gives nothing.
/// </summary>
internal static class ProjectXml
{
    /// <summary>The first non-empty value of the property <paramref name="name"/>, expanded; null when none.</summary>
    public static string? Property(string projectPath, string name) =>
        Load(projectPath)?.Descendants(name).Select(e => Expand(projectPath, e.Value.Trim())).FirstOrDefault(v => v.Length > 0);

    /// <summary>The <c>Include</c> of every item of type <paramref name="itemType"/>, expanded, in file order.</summary>
    public static IReadOnlyList<string> Items(string projectPath, string itemType) =>
        Load(projectPath)?.Descendants(itemType)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(v => Expand(projectPath, v.Trim()))
            .Where(v => v.Length > 0)
            .ToList() ?? [];

    /// <summary>The projects <paramref name="projectPath"/> references, as absolute paths.</summary>
    public static IReadOnlyList<string> ProjectReferences(string projectPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        return [.. Items(projectPath, "ProjectReference").Select(p => Path.GetFullPath(Path.Combine(directory, p.Replace('\\', '/'))))];
    }

    /// <summary>
    /// <paramref name="projectPath"/>'s project references and theirs, recursively (each once, in
    /// the order first reached): every project a build of it compiles.
    /// </summary>
    public static IReadOnlyList<string> ProjectClosure(string projectPath)
    {
        var seen = new List<string>();
        var pending = new Stack<string>(ProjectReferences(projectPath).Reverse());
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (seen.Contains(next, StringComparer.Ordinal))
            {
                continue;
            }

            seen.Add(next);
            foreach (var reference in ProjectReferences(next).Reverse())
            {
                pending.Push(reference);
            }
        }

        return seen;
    }

    private static XDocument? Load(string projectPath)
    {
        try
        {
            return XDocument.Load(projectPath);
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Expand(string projectPath, string value)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        return value.Replace("$(MSBuildThisFileDirectory)", dir + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            .Replace("$(MSBuildProjectDirectory)", dir, StringComparison.Ordinal);
    }
}
