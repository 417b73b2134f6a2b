using System.Xml.Linq;
using FromScratch.Lab.Conformance;

namespace FromScratch.Lab;

/// <summary>
/// Where a lab's pieces live on disk (CONVENTIONS.md 1):
/// <code>
/// labs/db-NN-slug/
///   db-NN-slug.slnx            this lab's projects and the earlier-lab projects it references
///   src/Component/             the reference implementation
///   src/Component.Tests/       its tests (LabComponent = Component)
///   src/Component.Benchmarks/  its benchmarks
///   src/Component.Demo/        its demo
/// </code>
/// Nothing here checks that a lab conforms (that is LabShape's job); it only finds files.
/// </summary>
internal sealed class LabLayout
{
    /// <summary>A layout for <paramref name="lab"/> in the repository at <paramref name="repoRoot"/>.</summary>
    public LabLayout(string repoRoot, LabInfo lab)
    {
        ArgumentException.ThrowIfNullOrEmpty(repoRoot);
        ArgumentNullException.ThrowIfNull(lab);
        RepoRoot = repoRoot;
        Lab = lab;
        Directory = Path.Combine(repoRoot, "labs", lab.Id);
        SolutionPath = Path.Combine(Directory, lab.Id + ".slnx");
    }

    /// <summary>The repository root.</summary>
    public string RepoRoot { get; }

    /// <summary>The lab.</summary>
    public LabInfo Lab { get; }

    /// <summary>labs/db-NN-slug, absolute.</summary>
    public string Directory { get; }

    /// <summary>labs/db-NN-slug/db-NN-slug.slnx, absolute.</summary>
    public string SolutionPath { get; }

    /// <summary>Whether the lab's folder exists.</summary>
    public bool Exists => System.IO.Directory.Exists(Directory);

    /// <summary>Throws <see cref="LabCommandException"/> when the lab's folder does not exist yet.</summary>
    public void EnsureExists()
    {
        if (!Exists)
        {
            throw new LabCommandException(
                $"{Relative(Directory)} does not exist: {Lab.ShortId} ({Lab.Title}) is planned but not written yet. "
                + "./lab list shows which labs exist.");
        }
    }

    /// <summary>
    /// The absolute paths of the projects the lab's .slnx lists, in file order (read by
    /// <see cref="SolutionFile"/>); empty when there is no .slnx. Throws
    /// <see cref="LabCommandException"/> when the .slnx is not valid XML.
    /// </summary>
    public IReadOnlyList<string> SolutionProjects()
    {
        if (!File.Exists(SolutionPath))
        {
            return [];
        }

        try
        {
            return SolutionFile.ProjectPaths(SolutionPath);
        }
        catch (InvalidDataException e)
        {
            throw new LabCommandException(e.Message);
        }
    }

    /// <summary>The test projects (<c>*.Tests.csproj</c>) the lab's .slnx lists.</summary>
    public IReadOnlyList<string> TestProjects() =>
        SolutionProjects().Where(p => p.EndsWith(".Tests.csproj", StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The demo projects, src/*.Demo/*.Demo.csproj, sorted by path.</summary>
    public IReadOnlyList<string> DemoProjects() => ProjectsUnderSrc(".Demo");

    /// <summary>The benchmark projects, src/*.Benchmarks/*.Benchmarks.csproj, sorted by path.</summary>
    public IReadOnlyList<string> BenchmarkProjects() => ProjectsUnderSrc(".Benchmarks");

    /// <summary>
    /// The component a lab test project tests: its <c>&lt;LabComponent&gt;</c> property, or null
    /// when the project does not set one (or cannot be read).
    /// </summary>
    public static string? LabComponentOf(string testProjectPath)
    {
        try
        {
            return XDocument.Load(testProjectPath).Descendants("LabComponent")
                .Select(e => e.Value.Trim())
                .FirstOrDefault(v => v.Length > 0);
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lab's components: one per test project of the lab's .slnx that names a
    /// <c>&lt;LabComponent&gt;</c>, with the reference project it tests (its
    /// <c>LabReferenceImplementation</c>, else <c>../&lt;Component&gt;/&lt;Component&gt;.csproj</c>, as
    /// build/Lab.targets resolves it). db-01 has two: Shared (tests/Shared.Tests) and PageFile.
    /// </summary>
    public IReadOnlyList<LabComponentInfo> Components()
    {
        var components = new List<LabComponentInfo>();
        foreach (var test in TestProjects())
        {
            var name = LabComponentOf(test);
            if (name is null)
            {
                continue;
            }

            var testDir = Path.GetDirectoryName(test)!;
            var reference = ReferenceImplementationOf(test)
                ?? Path.Combine(testDir, "..", name, name + ".csproj");
            components.Add(new LabComponentInfo(name, test, Path.GetFullPath(reference)));
        }

        return components;
    }

    // The test project's <LabReferenceImplementation>, with $(MSBuildThisFileDirectory) and
    // $(MSBuildProjectDirectory) expanded; null when it does not set one.
    private static string? ReferenceImplementationOf(string testProjectPath)
    {
        try
        {
            var value = XDocument.Load(testProjectPath).Descendants("LabReferenceImplementation")
                .Select(e => e.Value.Trim())
                .FirstOrDefault(v => v.Length > 0);
            if (value is null)
            {
                return null;
            }

            var dir = Path.GetDirectoryName(Path.GetFullPath(testProjectPath))!;
            return value.Replace("$(MSBuildThisFileDirectory)", dir + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                .Replace("$(MSBuildProjectDirectory)", dir, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><paramref name="path"/> relative to the repository root, with forward slashes.</summary>
    public string Relative(string path) => Path.GetRelativePath(RepoRoot, path).Replace('\\', '/');

    private IReadOnlyList<string> ProjectsUnderSrc(string suffix)
    {
        var src = Path.Combine(Directory, "src");
        if (!System.IO.Directory.Exists(src))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(src, "*" + suffix)
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
