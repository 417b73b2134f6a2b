using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace FromScratch.Lab.Starter;

/// <summary>The starter of one component: where it went and what the rewrite did.</summary>
internal sealed record ComponentStarter(
    LabComponentInfo Component,
    string ProjectPath,
    IReadOnlyList<string> RewrittenFiles,
    IReadOnlyList<string> CopiedFiles,
    IReadOnlyList<(string Member, StepRef Step)> Stubs,
    IReadOnlyList<string> KeptWhole,
    int Dropped);

/// <summary>A generated starter: its folder, its components and the tool projects given whole.</summary>
internal sealed record StarterResult(string Directory, IReadOnlyList<ComponentStarter> Components, IReadOnlyList<StepRef> Steps)
{
    /// <summary>The lab's tool projects (<see cref="LabLayout.ToolProjects"/>), copied whole: each starter .csproj.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];
}

/// <summary>
/// Generates a learner's starter for a lab from the reference source:
/// <code>
///   &lt;dir&gt;/
///     README.md                     what to read first, the commands, what was given
///     Directory.Build.props         the starter's own build settings (net10.0, nullable, implicit
///     Directory.Build.targets       usings; no warnings-as-errors, no required XML docs); these three
///     Directory.Packages.props      files also stop MSBuild from applying the repository's settings
///     .gitignore                    bin/ obj/
///     &lt;Project&gt;/&lt;Project&gt;.csproj    one per component, named like the reference project
///     &lt;Project&gt;/**/*.cs             the reference files rewritten by StarterRewriter
///     &lt;Tool&gt;/&lt;Tool&gt;.csproj          one per tool project of the lab (a shell), its files as they are
/// </code>
/// What is stubbed: only what this lab's steps name. A reference file is rewritten when a step's
/// Key code names the file or a type it declares (<see cref="StepMap"/>); every other file is copied
/// whole, because it is not this lab's work (db-03's starter of the shared library stubs the
/// simulator its steps build and keeps db-01's checksums and files as they are).
/// A component's starter references the projects its reference references, with the same packages
/// at the versions of Directory.Packages.props: a component of this lab that lives in the lab's
/// folder is the learner's (the sibling starter project, so db-22's server builds on the learner's
/// core); everything else is the repository's (the shared library and earlier labs' projects, which
/// earlier labs' projects reference too: one build holds one assembly of each name).
/// </summary>
internal static class StarterGenerator
{
    /// <summary>The folder, under the repository root, that holds starters by default (ignored by git through its own .gitignore).</summary>
    public const string DefaultFolder = "my-work";

    /// <summary>
    /// <see cref="DefaultFolder"/> under <paramref name="root"/>, created with a .gitignore of its own
    /// that keeps it out of git status (it holds learners' code and the lab command's reports,
    /// my-work/.lab/, not the repository's) without touching the repository's .gitignore.
    /// </summary>
    public static string WorkFolder(string root)
    {
        var folder = Path.Combine(root, DefaultFolder);
        Directory.CreateDirectory(folder);
        var ignore = Path.Combine(folder, ".gitignore");
        if (!File.Exists(ignore))
        {
            File.WriteAllText(ignore, "# Starters written by ./lab start: your work, not the repository's. Delete this file to track it.\n*\n");
        }

        return folder;
    }

    /// <summary>Writes the starter of <paramref name="layout"/>'s lab into <paramref name="directory"/>.</summary>
    /// <param name="layout">The lab.</param>
    /// <param name="directory">The starter's folder, absolute.</param>
    /// <param name="force">Overwrite the generated files of an existing starter (files the learner added stay).</param>
    public static StarterResult Generate(LabLayout layout, string directory, bool force)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        layout.EnsureExists();
        var components = layout.StarterComponents();
        if (components.Count == 0)
        {
            throw new LabCommandException($"{layout.Lab.ShortId} has no test project with a <LabComponent> in {layout.Relative(layout.SolutionPath)}: there is nothing to start.");
        }

        var steps = StepMap.Load(layout.RepoRoot, layout.Directory);
        if (steps.Steps.Count == 0)
        {
            throw new LabCommandException($"{layout.Relative(Path.Combine(layout.Directory, "steps"))} has no NN-*.md step guides: a starter names the step of each member, so the lab needs its steps first.");
        }

        foreach (var component in components)
        {
            if (!File.Exists(component.ReferenceProject))
            {
                throw new LabCommandException($"the reference project of {component.Name}, {layout.Relative(component.ReferenceProject)}, does not exist.");
            }

            var target = Path.Combine(directory, component.ProjectName);
            if (!force && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new LabCommandException(
                    $"'{target}' already exists and is not empty: your work is not overwritten. Choose another folder (lab start {layout.Lab.ShortId} <dir>), or pass --force to regenerate the starter's files there.");
            }
        }

        Directory.CreateDirectory(directory);
        var central = CentralVersions(layout.RepoRoot);
        var results = new List<ComponentStarter>();
        foreach (var component in components)
        {
            results.Add(GenerateComponent(layout, component, components, directory, steps, central));
        }

        var tools = layout.ToolProjects().Select(t => CopyTool(layout, t, components, directory, central)).ToList();

        // The shared library comes first when a lab builds it (db-01: steps 01-05, then PageFile).
        results = [.. results.OrderBy(r => r.Stubs.Count == 0 ? "99" : r.Stubs.Min(s => s.Step.Number), StringComparer.Ordinal)];
        WriteBuildFiles(directory);
        var result = new StarterResult(directory, results, steps.Steps) { Tools = tools };
        File.WriteAllText(Path.Combine(directory, "README.md"), StarterReadme.Render(layout, result));
        return result;
    }

    private static ComponentStarter GenerateComponent(
        LabLayout layout, LabComponentInfo component, IReadOnlyList<LabComponentInfo> components, string directory, StepMap steps, IReadOnlyDictionary<string, string> central)
    {
        var target = Path.Combine(directory, component.ProjectName);
        Directory.CreateDirectory(target);
        var rewritten = new List<string>();
        var copied = new List<string>();
        var stubs = new List<(string, StepRef)>();
        var kept = new List<string>();
        var dropped = 0;
        foreach (var (relative, source, result) in StarterFiles(component.ReferenceDirectory, steps))
        {
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (result is null)
            {
                File.WriteAllText(destination, source);
                copied.Add(relative);
                continue;
            }

            File.WriteAllText(destination, result.Text);
            rewritten.Add(relative);
            stubs.AddRange(result.Stubs);
            kept.AddRange(result.KeptWhole);
            dropped += result.Dropped;
        }

        var project = Path.Combine(target, component.ProjectName + ".csproj");
        File.WriteAllText(project, ProjectFile(layout, component.ReferenceProject, components, directory, central,
            $"Your FromScratch.{component.ProjectName}, started by `lab start {layout.Lab.ShortId}` from the public API of the reference",
            $"The lab's tests in {layout.Relative(Path.GetDirectoryName(component.TestProject)!)}\n    run against this project with: lab test {layout.Lab.ShortId} -\\-impl <the starter folder>"));
        return new ComponentStarter(component, project, rewritten, copied, stubs, kept, dropped);
    }

    /// <summary>
    /// The starter's version of each .cs file of the reference project in <paramref name="referenceDirectory"/>:
    /// its path relative to the project (with '/'), the reference source, and the rewrite, or null for
    /// a file no step of the lab names (copied whole). The files copied whole are read first: what
    /// they use of the other files (an internal helper) stays in those.
    /// </summary>
    public static IReadOnlyList<(string Relative, string Source, RewrittenFile? Starter)> StarterFiles(string referenceDirectory, StepMap steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var files = SourceFiles(referenceDirectory)
            .Select(f => (Path: f, Source: File.ReadAllText(f)))
            .Select(f => (f.Path, f.Source, Step: FileStep(steps, f.Source, Path.GetFileName(f.Path))))
            .ToList();
        var usedByGiven = files.Where(f => f.Step is null).SelectMany(f => StarterRewriter.IdentifiersUsed(f.Source)).ToHashSet(StringComparer.Ordinal);
        return [.. files.Select(f => (
            Path.GetRelativePath(referenceDirectory, f.Path).Replace('\\', '/'),
            f.Source,
            f.Step is null ? null : StarterRewriter.Rewrite(f.Source, Path.GetFileName(f.Path), steps, f.Step, usedByGiven)))];
    }

    // A tool project (a shell): its files as they are, its project file built on the starter's components.
    private static string CopyTool(LabLayout layout, string tool, IReadOnlyList<LabComponentInfo> components, string directory, IReadOnlyDictionary<string, string> central)
    {
        var name = Path.GetFileNameWithoutExtension(tool);
        var source = Path.GetDirectoryName(tool)!;
        var target = Path.Combine(directory, name);
        foreach (var file in SourceFiles(source))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        var project = Path.Combine(target, name + ".csproj");
        File.WriteAllText(project, ProjectFile(layout, tool, components, directory, central,
            $"FromScratch.{name}, a tool of {layout.Lab.ShortId} given whole by `lab start` (no test grades it), built on your components",
            "Run it with: dotnet run -\\-project <this folder>"));
        return project;
    }

    /// <summary>
    /// The step that builds a reference file: the first step whose Key code names the file or a type
    /// it declares; null when no step of the lab does (the file is not this lab's work: a starter
    /// keeps it whole).
    /// </summary>
    public static StepRef? FileStep(StepMap steps, string source, string fileName)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return StarterRewriter.TopLevelTypeNames(source)
            .Select(t => steps.ForType(t, fileName))
            .OfType<StepRef>()
            .OrderBy(s => s.Number, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The .cs files of a project folder, outside bin/ and obj/, in ordinal order.</summary>
    public static IEnumerable<string> SourceFiles(string projectDirectory) =>
        Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(projectDirectory, f).Split('/', '\\').Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The starter's .csproj for the reference project <paramref name="referenceProject"/>: its
    /// assembly name, its project references (a component of this lab in the lab's folder: the
    /// sibling starter project; anything else: the repository's project), its packages.
    /// </summary>
    public static string ProjectFile(
        LabLayout layout, string referenceProject, IReadOnlyList<LabComponentInfo> components, string starterDirectory,
        IReadOnlyDictionary<string, string> central, string what, string how)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(components);
        var reference = XDocument.Load(referenceProject);
        var name = Path.GetFileNameWithoutExtension(referenceProject);
        var projectDir = Path.Combine(starterDirectory, name);
        var inRepo = IsUnder(starterDirectory, layout.RepoRoot);
        var siblings = components.Where(layout.IsInLab).ToDictionary(c => c.ReferenceProject, c => c.ProjectName, StringComparer.Ordinal);
        var projects = ProjectXml.ProjectReferences(referenceProject)
            .Select(p => siblings.TryGetValue(p, out var sibling)
                ? (Path: $"../{sibling}/{sibling}.csproj", Yours: true)
                : (Path: inRepo ? Path.GetRelativePath(projectDir, p).Replace('\\', '/') : p, Yours: false))
            .ToList();
        var packages = reference.Descendants("PackageReference")
            .Select(e => (Id: (string?)e.Attribute("Include"), Version: (string?)e.Attribute("Version")))
            .Where(p => p.Id is not null)
            .Select(p => (Id: p.Id!, Version: p.Version ?? (central.TryGetValue(p.Id!, out var v) ? v : null)))
            .ToList();
        var unsafeCode = reference.Descendants("AllowUnsafeBlocks").Any(e => e.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
        var outputType = reference.Descendants("OutputType").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        var assembly = "FromScratch." + name;

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!--
                {what}
                ({layout.Relative(referenceProject)}). {how}
                Build settings are in ../Directory.Build.props.
              -->
              <PropertyGroup>
                <AssemblyName>{assembly}</AssemblyName>
                <RootNamespace>{assembly}</RootNamespace>

            """);
        if (unsafeCode)
        {
            text.AppendLine("    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>");
        }

        if (outputType is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    <OutputType>{outputType}</OutputType>");
        }

        text.AppendLine("  </PropertyGroup>");
        if (projects.Count > 0)
        {
            text.AppendLine("  <ItemGroup>");
            foreach (var (path, yours) in projects)
            {
                text.AppendLine(yours
                    ? "    <!-- Your starter of the lab's component this one builds on. -->"
                    : "    <!-- The repository's project (the shared library, an earlier lab) the reference builds on. -->");
                text.AppendLine(CultureInfo.InvariantCulture, $"    <ProjectReference Include=\"{path}\" />");
            }

            text.AppendLine("  </ItemGroup>");
        }

        if (packages.Count > 0)
        {
            text.AppendLine("  <ItemGroup>");
            foreach (var (id, version) in packages)
            {
                text.AppendLine(version is null
                    ? $"    <PackageReference Include=\"{id}\" />"
                    : $"    <PackageReference Include=\"{id}\" Version=\"{version}\" />");
            }

            text.AppendLine("  </ItemGroup>");
        }

        text.AppendLine("</Project>");
        return text.ToString();
    }

    /// <summary>Package versions from the repository's Directory.Packages.props (central package management).</summary>
    public static IReadOnlyDictionary<string, string> CentralVersions(string repoRoot)
    {
        var path = Path.Combine(repoRoot, "Directory.Packages.props");
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return versions;
        }

        foreach (var e in XDocument.Load(path).Descendants("PackageVersion"))
        {
            if ((string?)e.Attribute("Include") is { } id && (string?)e.Attribute("Version") is { } version)
            {
                versions[id] = version;
            }
        }

        return versions;
    }

    private static void WriteBuildFiles(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), """
            <Project>
              <!--
                The starter's build settings. MSBuild stops at the first Directory.Build.props it finds
                walking up from a project, so the repository's (warnings as errors, XML docs required on
                every public member, code style enforced in the build) does not apply here, even when
                this folder is inside the repository: a half-written lab must compile. Tighten them as
                you like (e.g. <TreatWarningsAsErrors>true</TreatWarningsAsErrors> once you are done).
              -->
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), """
            <Project>
              <!-- Empty on purpose: stops MSBuild from importing the repository's Directory.Build.targets. -->
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), """
            <Project>
              <!-- Empty on purpose: package versions are in each .csproj; the repository's central versions do not apply here. -->
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, ".gitignore"), "bin/\nobj/\n");
    }

    private static bool IsUnder(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
               && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
