using System.CommandLine;
using System.Globalization;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab test &lt;lab&gt; [--impl &lt;path&gt;] [--step NN]</c>: runs a lab's tests with dotnet test.
/// <list type="bullet">
/// <item>Without --impl: every test project of the lab's .slnx, against the reference.</item>
/// <item>With --impl: one test project, the one for the component the learner's project
/// implements, built against it through <c>-p:LabImplementation=&lt;absolute path&gt;</c>
/// (build/Lab.targets). Only that one runs: the property is global, and the lab's other test
/// projects (e.g. the shared library's in db-01) must keep their own implementation.</item>
/// <item>--step NN adds <c>--filter-trait Step=NN</c>: only the tests that step introduces; in a
/// solution run, also <c>--ignore-exit-code 8</c> when some test project has tests of that step,
/// so that the lab's other test projects, which have none, do not fail the run.</item>
/// </list>
/// Arguments after <c>--</c> go to dotnet test.
/// </summary>
internal static class TestCommand
{
    /// <summary>Microsoft.Testing.Platform's exit code when the filter left no test to run.</summary>
    public const int ZeroTestsRan = 8;

    /// <summary>The <c>test</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string>("lab") { Description = "The lab: 2, 02, db-02 or db-02-write-ahead-log." };
        var impl = new Option<string>("--impl")
        {
            Description = "Test your implementation instead of the reference: its .csproj, or a folder holding exactly one.",
            HelpName = "path",
        };
        var step = new Option<string>("--step")
        {
            Description = "Run only the tests of one step, 1..99 (the Step trait of each test).",
            HelpName = "NN",
        };
        var component = new Option<string>("--component")
        {
            Description = "With --impl, in a lab with several components: the component your project implements.",
            HelpName = "name",
        };
        var command = new Command("test", "Run a lab's tests, optionally against your implementation or for one step. Arguments after -- go to dotnet test.")
        {
            lab, impl, step, component,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(
            context, parse.GetValue(lab)!, parse.GetValue(impl), parse.GetValue(step), parse.GetValue(component))));
        return command;
    }

    /// <summary>Runs the tests; returns dotnet test's exit code, or 2 for a usage error.</summary>
    public static int Execute(LabContext context, string labName, string? impl, string? step, string? component)
    {
        var lab = LabResolver.Resolve(labName);
        var stepNumber = step is null ? null : ParseStep(step);
        var implementation = impl is null ? null : ResolveImplementation(context.CurrentDirectory, impl);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();

        List<string> arguments = ["test"];
        string? testProject = null;
        if (implementation is null)
        {
            if (!File.Exists(layout.SolutionPath))
            {
                throw new LabCommandException($"{layout.Relative(layout.SolutionPath)} is missing: the lab has no solution file to test.");
            }

            arguments.AddRange(["--solution", layout.Relative(layout.SolutionPath)]);
        }
        else
        {
            testProject = layout.Relative(Path.GetDirectoryName(ChooseTestProject(layout, implementation, component))!);
            arguments.AddRange(["--project", testProject, $"-p:LabImplementation={implementation}"]);
        }

        if (stepNumber is not null)
        {
            arguments.AddRange(["--filter-trait", $"Step={stepNumber}"]);

            // A solution run starts every test project of the lab, and a project with no test of
            // this step exits with 8 ("zero tests ran"), which would fail the whole run although
            // the step's tests passed (db-01's step 03 lives in Shared.Tests, not PageFile.Tests).
            // So when some project does have tests of the step, exit code 8 is not a failure; when
            // none has, it stays one, and the note below says why.
            if (implementation is null && layout.TestProjects().Any(p => TestCounter.MentionsStep(p, stepNumber)))
            {
                arguments.AddRange(["--ignore-exit-code", ZeroTestsRan.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        arguments.AddRange(context.PassThrough);
        var exitCode = context.RunChild(new ProcessSpec("dotnet", arguments, root));
        if (exitCode == ZeroTestsRan && stepNumber is not null)
        {
            var where = testProject is null ? $"of {lab.ShortId}" : $"in {testProject}";
            context.Error.WriteLine(
                $"note: no test {where} has the trait Step={stepNumber}; the lab's steps are labs/{lab.Id}/steps/NN-*.md.");
        }

        return exitCode;
    }

    /// <summary>"3", "03" -> "03"; anything but a number from 1 to 99 throws <see cref="LabCommandException"/>.</summary>
    public static string ParseStep(string step)
    {
        if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 99)
        {
            throw new LabCommandException($"--step must be a step number from 1 to 99 (e.g. --step 03), got '{step}'.");
        }

        return number.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The absolute path of the learner's .csproj: <paramref name="path"/> itself, or the single
    /// .csproj in the folder it names; relative paths are taken from <paramref name="currentDirectory"/>.
    /// </summary>
    public static string ResolveImplementation(string currentDirectory, string path)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        if (Directory.Exists(full))
        {
            var projects = Directory.GetFiles(full, "*.csproj");
            return projects.Length switch
            {
                1 => projects[0],
                0 => throw new LabCommandException($"--impl: the folder '{full}' holds no .csproj. Pass your project file or its folder."),
                _ => throw new LabCommandException(
                    $"--impl: the folder '{full}' holds {projects.Length} .csproj files ({string.Join(", ", projects.Select(Path.GetFileName).Order(StringComparer.Ordinal))}); pass the one to test."),
            };
        }

        if (File.Exists(full))
        {
            return full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                ? full
                : throw new LabCommandException($"--impl: '{full}' is not a .csproj file. Pass your project file or its folder.");
        }

        throw new LabCommandException($"--impl: '{full}' does not exist. Pass your project file or its folder (relative paths start from '{currentDirectory}').");
    }

    private static bool IsUnder(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    // Which test project to build against the learner's project. Candidates: the test projects of
    // the lab's .slnx that name a LabComponent (db-01's also include tests/Shared.Tests). In order:
    // the one --component names; the one whose component is the learner's project name
    // (Shared.csproj -> Shared.Tests); the lab's own one, when it has exactly one in its folder.
    private static string ChooseTestProject(LabLayout layout, string implementation, string? component)
    {
        var candidates = layout.TestProjects()
            .Select(p => (Path: p, Component: LabLayout.LabComponentOf(p)))
            .Where(c => c.Component is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new LabCommandException($"{layout.Lab.ShortId} has no test project with a LabComponent in {layout.Relative(layout.SolutionPath)}, so --impl has nothing to substitute.");
        }

        var names = string.Join(", ", candidates.Select(c => c.Component));
        if (component is not null)
        {
            var chosen = candidates.Where(c => string.Equals(c.Component, component, StringComparison.OrdinalIgnoreCase)).ToList();
            return chosen.Count == 1
                ? chosen[0].Path
                : throw new LabCommandException($"--component: {layout.Lab.ShortId} has no component '{component}'; its components are {names}.");
        }

        var byName = candidates.Where(c => string.Equals(c.Component, Path.GetFileNameWithoutExtension(implementation), StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 1)
        {
            return byName[0].Path;
        }

        var own = candidates.Where(c => IsUnder(c.Path, layout.Directory)).ToList();
        return own.Count == 1
            ? own[0].Path
            : throw new LabCommandException($"{layout.Lab.ShortId} has several components ({names}); say which one your project implements with --component.");
    }
}
