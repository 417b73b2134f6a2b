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

/// <summary>A generated starter: its folder and its components.</summary>
internal sealed record StarterResult(string Directory, IReadOnlyList<ComponentStarter> Components, IReadOnlyList<StepRef> Steps);

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
/// </code>
/// A component's starter references the projects its reference references (the repository's shared
/// library and earlier labs' reference projects, never another starter) and the same packages, with
/// the versions of Directory.Packages.props.
/// </summary>
internal static class StarterGenerator
{
    /// <summary>The folder, under the repository root, that holds starters by default (ignored by git through its own .gitignore).</summary>
    public const string DefaultFolder = "my-work";

    /// <summary>Writes the starter of <paramref name="layout"/>'s lab into <paramref name="directory"/>.</summary>
    /// <param name="layout">The lab.</param>
    /// <param name="directory">The starter's folder, absolute.</param>
    /// <param name="force">Overwrite the generated files of an existing starter (files the learner added stay).</param>
    public static StarterResult Generate(LabLayout layout, string directory, bool force)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        layout.EnsureExists();
        var components = layout.Components();
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
            results.Add(GenerateComponent(layout, component, directory, steps, central));
        }

        // The shared library comes first when a lab builds it (db-01: steps 01-05, then PageFile).
        results = [.. results.OrderBy(r => r.Stubs.Count == 0 ? "99" : r.Stubs.Min(s => s.Step.Number), StringComparer.Ordinal)];
        WriteBuildFiles(directory);
        var result = new StarterResult(directory, results, steps.Steps);
        File.WriteAllText(Path.Combine(directory, "README.md"), StarterReadme.Render(layout, result));
        return result;
    }

    private static ComponentStarter GenerateComponent(LabLayout layout, LabComponentInfo component, string directory, StepMap steps, IReadOnlyDictionary<string, string> central)
    {
        var target = Path.Combine(directory, component.ProjectName);
        Directory.CreateDirectory(target);
        var rewritten = new List<string>();
        var copied = new List<string>();
        var stubs = new List<(string, StepRef)>();
        var kept = new List<string>();
        var dropped = 0;
        // First the files no step of this lab names: not this lab's work, given as they are. What
        // they use of the other files (an internal helper) must stay in those.
        var files = SourceFiles(component.ReferenceDirectory)
            .Select(f => (Path: f, Source: File.ReadAllText(f), Name: Path.GetFileName(f)))
            .Select(f => (f.Path, f.Source, Step: StarterRewriter.TopLevelTypeNames(f.Source)
                .Select(t => steps.ForType(t, f.Name))
                .OfType<StepRef>()
                .OrderBy(s => s.Number, StringComparer.Ordinal)
                .FirstOrDefault()))
            .ToList();
        var usedByGiven = files.Where(f => f.Step is null).SelectMany(f => StarterRewriter.IdentifiersUsed(f.Source)).ToHashSet(StringComparer.Ordinal);
        foreach (var (file, source, fileStep) in files)
        {
            var relative = Path.GetRelativePath(component.ReferenceDirectory, file);
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (fileStep is null)
            {
                File.WriteAllText(destination, source);
                copied.Add(relative.Replace('\\', '/'));
                continue;
            }

            var result = StarterRewriter.Rewrite(source, Path.GetFileName(file), steps, fileStep, usedByGiven);
            File.WriteAllText(destination, result.Text);
            rewritten.Add(relative.Replace('\\', '/'));
            stubs.AddRange(result.Stubs);
            kept.AddRange(result.KeptWhole);
            dropped += result.Dropped;
        }

        var project = Path.Combine(target, component.ProjectName + ".csproj");
        File.WriteAllText(project, ProjectFile(layout, component, directory, central));
        return new ComponentStarter(component, project, rewritten, copied, stubs, kept, dropped);
    }

    /// <summary>The .cs files of a project folder, outside bin/ and obj/, in ordinal order.</summary>
    public static IEnumerable<string> SourceFiles(string projectDirectory) =>
        Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(projectDirectory, f).Split('/', '\\').Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>The starter's .csproj for <paramref name="component"/>.</summary>
    public static string ProjectFile(LabLayout layout, LabComponentInfo component, string starterDirectory, IReadOnlyDictionary<string, string> central)
    {
        var reference = XDocument.Load(component.ReferenceProject);
        var referenceDir = component.ReferenceDirectory;
        var projectDir = Path.Combine(starterDirectory, component.ProjectName);
        var inRepo = IsUnder(starterDirectory, layout.RepoRoot);
        var projects = reference.Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(p => Path.GetFullPath(Path.Combine(referenceDir, p.Replace('\\', '/'))))
            .Select(p => inRepo ? Path.GetRelativePath(projectDir, p).Replace('\\', '/') : p)
            .ToList();
        var packages = reference.Descendants("PackageReference")
            .Select(e => (Id: (string?)e.Attribute("Include"), Version: (string?)e.Attribute("Version")))
            .Where(p => p.Id is not null)
            .Select(p => (Id: p.Id!, Version: p.Version ?? (central.TryGetValue(p.Id!, out var v) ? v : null)))
            .ToList();
        var unsafeCode = reference.Descendants("AllowUnsafeBlocks").Any(e => e.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
        var assembly = "FromScratch." + component.ProjectName;

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!--
                Your {assembly}, started by `lab start {layout.Lab.ShortId}` from the public API of the reference
                ({layout.Relative(component.ReferenceProject)}). The lab's tests in {layout.Relative(Path.GetDirectoryName(component.TestProject)!)}
                run against this project with: lab test {layout.Lab.ShortId} -\-impl <this folder>
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

        text.AppendLine("  </PropertyGroup>");
        if (projects.Count > 0)
        {
            text.AppendLine("  <ItemGroup>");
            text.AppendLine("    <!-- The reference projects the reference builds on: the shared library and earlier labs. -->");
            foreach (var p in projects)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    <ProjectReference Include=\"{p}\" />");
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
