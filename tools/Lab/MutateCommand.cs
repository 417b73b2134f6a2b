using System.CommandLine;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab mutate &lt;lab&gt; [--project &lt;Library&gt;] [--file &lt;path&gt;]...</c>: mutation testing with
/// Stryker.NET (the <c>dotnet-stryker</c> local tool of .config/dotnet-tools.json). Stryker changes
/// the library's code one small edit at a time (a mutant: <c>&lt;</c> for <c>&lt;=</c>, a call
/// removed, a constant changed), runs the tests against each, and counts the mutants no test notices.
/// <list type="bullet">
/// <item>The library: <c>--project</c> names one of the lab's components (<c>PageFile</c>, or
/// <c>Shared</c> for the shared library that db-01 and db-03 build); without it, each component
/// whose project lives in the lab's folder, one Stryker run each.</item>
/// <item>The tests: every test project of the repository that builds the library, directly or
/// through other projects (PageFile: PageFile.Tests and db-03's CrashHarness.Workloads.Tests), so
/// that the score counts every test that can notice a mutant, not only the library's own.</item>
/// <item><c>--file</c> mutates one file or folder of the library (a path relative to its folder,
/// e.g. <c>Checksums/Crc32C.cs</c> or <c>Coding</c>; repeat it for several), with the same tests: a
/// large library measured in parts, each run short.</item>
/// </list>
/// Stryker runs in the library's folder with the Microsoft Testing Platform runner (<c>-t mtp</c>)
/// and writes its HTML and JSON reports under StrykerOutput/ at the repository root (git-ignored);
/// the command then prints the score and lists the mutants that survived. Other options
/// (<c>--concurrency 1</c>) and arguments after <c>--</c> go to Stryker.
/// </summary>
internal static class MutateCommand
{
    /// <summary>Where the reports go, under the repository root.</summary>
    public const string OutputFolder = "StrykerOutput";

    /// <summary>The <c>mutate</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string>("lab") { Description = "The lab whose library to mutate: 2, 02, db-02 or db-02-write-ahead-log." };
        var project = new Option<string>("--project")
        {
            Description = "The library: a component of the lab (PageFile; Shared for shared/). Default: each component in the lab's folder.",
            HelpName = "name",
        };
        var file = new Option<string[]>("--file")
        {
            Description = "Mutate only this file or folder of the library (relative to its folder, e.g. Checksums/Crc32C.cs or Coding); repeat it for several.",
            HelpName = "path",
        };
        var command = new Command("mutate", "Mutation testing with Stryker.NET: how many small changes to the library its tests notice. Other options (--concurrency 1) and arguments after -- go to Stryker.")
        {
            lab, project, file,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => LabCli.Guard(context, () => Execute(
            context.PassingOn(parse.UnmatchedTokens), parse.GetValue(lab)!, parse.GetValue(project), parse.GetValue(file) ?? [])));
        return command;
    }

    /// <summary>Runs Stryker once per library; returns the first non-zero exit code, or 2 for a usage error.</summary>
    public static int Execute(LabContext context, string labName, string? project, IReadOnlyList<string> files)
    {
        var lab = LabResolver.Resolve(labName);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();
        var libraries = Libraries(layout, project);
        if (files.Count > 0 && libraries.Count > 1)
        {
            throw new LabCommandException(
                $"--file needs one library, and {lab.ShortId} has {libraries.Count} ({string.Join(", ", libraries.Select(l => l.ProjectName))}): add --project <name>.");
        }

        var runs = libraries.Select(l => Plan(layout, l, files)).ToList();
        var result = 0;
        foreach (var run in runs)
        {
            var exitCode = context.RunChild(run.Spec with { Arguments = [.. run.Spec.Arguments, .. context.PassThrough] });
            if (exitCode == 0)
            {
                MutationReport.Print(context, layout, run);
            }

            if (result == 0)
            {
                result = exitCode;
            }
        }

        return result;
    }

    /// <summary>
    /// The Stryker run for <paramref name="library"/>: its folder, the test projects that build it,
    /// the files to mutate and where the report goes.
    /// </summary>
    public static MutationRun Plan(LabLayout layout, LabComponentInfo library, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(library);
        var here = library.ReferenceDirectory;
        var tests = TestProjectsOf(layout.RepoRoot, library.ReferenceProject);
        if (tests.Count == 0)
        {
            throw new LabCommandException($"no test project of the repository builds {layout.Relative(library.ReferenceProject)}: nothing to mutate against.");
        }

        ArgumentNullException.ThrowIfNull(files);
        var mutate = files.Select(f => MutatePattern(layout, library, f)).ToList();
        var output = Path.Combine(layout.RepoRoot, OutputFolder, string.Join("--", [library.ProjectName, .. files.Select(Slug)]));
        List<string> arguments =
        [
            "stryker", "--test-runner", "mtp", "--project", Path.GetFileName(library.ReferenceProject),
        ];
        foreach (var test in tests)
        {
            arguments.AddRange(["--test-project", RelativeTo(here, test)]);
        }

        foreach (var pattern in mutate)
        {
            arguments.AddRange(["--mutate", pattern]);
        }

        arguments.AddRange(["--output", RelativeTo(here, output), "--reporter", "Progress", "--reporter", "Html", "--reporter", "Json", "--skip-version-check"]);
        return new MutationRun(library, tests, new ProcessSpec("dotnet", [.. arguments], here), output);
    }

    /// <summary>
    /// The test projects of the repository (labs/*/src/*.Tests, tests/*.Tests) whose build includes
    /// <paramref name="libraryProject"/>: through a ProjectReference, the component a
    /// <c>LabComponent</c> names, or a <c>LabComponentReference</c>, directly or through the projects
    /// they reference. Sorted by path.
    /// </summary>
    public static IReadOnlyList<string> TestProjectsOf(string repoRoot, string libraryProject)
    {
        var library = Path.GetFullPath(libraryProject);
        var candidates = new List<string>();
        var labs = Path.Combine(repoRoot, "labs");
        if (Directory.Exists(labs))
        {
            candidates.AddRange(Directory.EnumerateDirectories(labs).SelectMany(lab => TestProjectsUnder(Path.Combine(lab, "src"))));
        }

        candidates.AddRange(TestProjectsUnder(Path.Combine(repoRoot, "tests")));
        return candidates
            .Where(test => Builds(test).Contains(library, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    // <folder>/*.Tests/*.Tests.csproj, absolute.
    private static IEnumerable<string> TestProjectsUnder(string folder) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateDirectories(folder, "*.Tests")
                .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
                .Where(File.Exists)
                .Select(Path.GetFullPath);

    // Every project a build of the test project compiles: its references, the component its
    // LabComponent names (build/Lab.targets adds that reference), its LabComponentReference items,
    // and all of theirs.
    private static HashSet<string> Builds(string testProject)
    {
        var testDir = Path.GetDirectoryName(testProject)!;
        var direct = new List<string>(ProjectXml.ProjectReferences(testProject));
        if (LabLayout.LabComponentOf(testProject) is { } component)
        {
            direct.Add(Path.GetFullPath(ProjectXml.Property(testProject, "LabReferenceImplementation")
                                        ?? Path.Combine(testDir, "..", component, component + ".csproj")));
        }

        direct.AddRange(ProjectXml.Items(testProject, "LabComponentReference")
            .Select(name => Path.GetFullPath(Path.Combine(testDir, "..", name, name + ".csproj"))));
        var all = new HashSet<string>(direct, StringComparer.Ordinal);
        foreach (var project in direct)
        {
            all.UnionWith(ProjectXml.ProjectClosure(project));
        }

        return all;
    }

    // The libraries to mutate: --project picks one of the lab's components by project name;
    // without it, each component whose project lives in the lab's folder.
    private static IReadOnlyList<LabComponentInfo> Libraries(LabLayout layout, string? project)
    {
        var components = layout.StarterComponents()
            .GroupBy(c => c.ReferenceProject, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        if (project is not null)
        {
            var name = project.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? project[..^".csproj".Length] : project;
            var match = components.FirstOrDefault(c => string.Equals(c.ProjectName, name, StringComparison.OrdinalIgnoreCase)
                                                       || string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? [match]
                : throw new LabCommandException(
                    $"{layout.Lab.ShortId} has no library '{project}'; its libraries are {string.Join(", ", components.Select(c => c.ProjectName))}.");
        }

        var inLab = components.Where(layout.IsInLab).ToList();
        return inLab.Count > 0
            ? inLab
            : throw new LabCommandException($"{layout.Lab.ShortId} has no library of its own to mutate: its test projects name no component under {layout.Relative(layout.Directory)}/src.");
    }

    // --file as a Stryker --mutate glob: a file of the library, or every .cs file under a folder.
    // The glob is the path relative to the library's folder, after "**/" so that it matches
    // whether Stryker compares it with the file's path from the project folder or its full path.
    private static string MutatePattern(LabLayout layout, LabComponentInfo library, string file)
    {
        var relative = file.Replace('\\', '/').Trim('/');
        if (relative.Length == 0 || relative.Split('/').Any(p => p is ".." or "."))
        {
            throw new LabCommandException($"--file must be a path inside {layout.Relative(library.ReferenceDirectory)}, got '{file}'.");
        }

        var full = Path.Combine(library.ReferenceDirectory, relative);
        if (Directory.Exists(full))
        {
            return $"**/{relative}/**/*.cs";
        }

        if (File.Exists(full) && relative.EndsWith(".cs", StringComparison.Ordinal))
        {
            return $"**/{relative}";
        }

        throw new LabCommandException(
            $"--file '{file}' is neither a .cs file nor a folder of {layout.Relative(library.ReferenceDirectory)}.");
    }

    private static string Slug(string file) =>
        string.Join('-', file.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static string RelativeTo(string directory, string path) => Path.GetRelativePath(directory, path).Replace('\\', '/');
}

/// <summary>One planned Stryker run.</summary>
/// <param name="Library">The library it mutates.</param>
/// <param name="TestProjects">The test projects it runs, absolute.</param>
/// <param name="Spec">The process.</param>
/// <param name="OutputDirectory">Where Stryker writes its reports (absolute).</param>
internal sealed record MutationRun(LabComponentInfo Library, IReadOnlyList<string> TestProjects, ProcessSpec Spec, string OutputDirectory)
{
    /// <summary>Stryker's JSON report (mutation-testing-elements schema).</summary>
    public string JsonReport => Path.Combine(OutputDirectory, "reports", "mutation-report.json");
}
