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
    public static string? LabComponentOf(string testProjectPath) => ProjectXml.Property(testProjectPath, "LabComponent");

    /// <summary>
    /// The lab's components: one per test project of the lab's .slnx that names a
    /// <c>&lt;LabComponent&gt;</c>, with the reference project it tests (its
    /// <c>LabReferenceImplementation</c>, else <c>../&lt;Component&gt;/&lt;Component&gt;.csproj</c>, as
    /// build/Lab.targets resolves it) and the lab's other components it also uses (its
    /// <c>LabComponentReference</c> items). db-01 has two: Shared (tests/Shared.Tests) and PageFile.
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
            var reference = ProjectXml.Property(test, "LabReferenceImplementation")
                ?? Path.Combine(testDir, "..", name, name + ".csproj");
            components.Add(new LabComponentInfo(name, test, Path.GetFullPath(reference))
            {
                References = ProjectXml.Items(test, "LabComponentReference"),
            });
        }

        return components;
    }

    /// <summary>
    /// The components a starter holds: every component, and every component a test project names
    /// as a <c>LabComponentReference</c> without a test project of its own
    /// (<c>src/&lt;Name&gt;/&lt;Name&gt;.csproj</c>, tested through that test project).
    /// </summary>
    public IReadOnlyList<LabComponentInfo> StarterComponents()
    {
        var components = Components().ToList();
        foreach (var user in components.ToList())
        {
            foreach (var name in user.References.Where(r => components.All(c => !string.Equals(c.Name, r, StringComparison.OrdinalIgnoreCase))))
            {
                var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(user.TestProject)!, "..", name, name + ".csproj"));
                components.Add(new LabComponentInfo(name, user.TestProject, project));
            }
        }

        return components;
    }

    /// <summary>
    /// Whether <paramref name="component"/>'s reference project lives in this lab's folder. A
    /// component that lives outside it (the shared library, which db-01 and db-03 build in part) is
    /// also referenced by earlier labs' projects, so a starter never points its other projects at
    /// the learner's copy of it: one build can hold only one assembly of each name.
    /// </summary>
    public bool IsInLab(LabComponentInfo component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return IsUnder(component.ReferenceProject, Directory);
    }

    /// <summary>
    /// The lab's tool projects: projects under src/ that are neither tests, benchmarks nor demos,
    /// and that no test project tests (db-14's shell). They are not starter components (nothing
    /// grades them); a starter gives them whole, built on the learner's components.
    /// </summary>
    public IReadOnlyList<string> ToolProjects()
    {
        var src = Path.Combine(Directory, "src");
        if (!System.IO.Directory.Exists(src))
        {
            return [];
        }

        var components = StarterComponents().Select(c => c.ReferenceProject).ToHashSet(StringComparer.Ordinal);
        return System.IO.Directory.EnumerateDirectories(src)
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists)
            .Where(p => Path.GetFileNameWithoutExtension(p) is var n && !n.EndsWith(".Tests", StringComparison.Ordinal)
                        && !n.EndsWith(".Benchmarks", StringComparison.Ordinal) && !n.EndsWith(".Demo", StringComparison.Ordinal))
            .Where(p => !components.Contains(Path.GetFullPath(p)))
            .Order(StringComparer.Ordinal)
            .ToList();
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

    private static bool IsUnder(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
