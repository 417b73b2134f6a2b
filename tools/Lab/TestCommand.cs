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
/// projects (e.g. the shared library's in db-01) must keep their own implementation. A starter
/// folder written by <c>lab start</c> with several projects runs one such test per project
/// (<see cref="ImplementationTargets"/>).</item>
/// <item>--step NN adds <c>--filter-trait Step=NN</c>: only the tests that step introduces; in a
/// solution run, also <c>--ignore-exit-code 8</c> when some test project has tests of that step,
/// so that the lab's other test projects, which have none, do not fail the run.</item>
/// </list>
/// Arguments the command does not know (<c>--filter-method X</c>, <c>--output Detailed</c>), and
/// every argument after <c>--</c>, go to dotnet test, in that order.
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
        var command = new Command("test", "Run a lab's tests, optionally against your implementation or for one step. Other options (--filter-method X) and arguments after -- go to dotnet test.")
        {
            lab, impl, step, component,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => LabCli.Guard(context, () => Execute(
            context.PassingOn(parse.UnmatchedTokens), parse.GetValue(lab)!, parse.GetValue(impl), parse.GetValue(step), parse.GetValue(component))));
        return command;
    }

    /// <summary>Runs the tests; returns dotnet test's exit code, or 2 for a usage error.</summary>
    public static int Execute(LabContext context, string labName, string? impl, string? step, string? component)
    {
        var lab = LabResolver.Resolve(labName);
        var stepNumber = step is null ? null : ParseStep(step);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();
        if (impl is not null)
        {
            return ExecuteImplementations(context, layout, ImplementationTargets.Resolve(layout, context.CurrentDirectory, impl, component), stepNumber);
        }

        if (!File.Exists(layout.SolutionPath))
        {
            throw new LabCommandException($"{layout.Relative(layout.SolutionPath)} is missing: the lab has no solution file to test.");
        }

        List<string> arguments = ["test", "--solution", layout.Relative(layout.SolutionPath)];
        if (stepNumber is not null)
        {
            arguments.AddRange(["--filter-trait", $"Step={stepNumber}"]);

            // A solution run starts every test project of the lab, and a project with no test of
            // this step exits with 8 ("zero tests ran"), which would fail the whole run although
            // the step's tests passed (db-01's step 03 lives in Shared.Tests, not PageFile.Tests).
            // So when some project does have tests of the step, exit code 8 is not a failure; when
            // none has, it stays one, and the note below says why.
            if (layout.TestProjects().Any(p => TestCounter.MentionsStep(p, stepNumber)))
            {
                arguments.AddRange(["--ignore-exit-code", ZeroTestsRan.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        arguments.AddRange(context.PassThrough);
        var exitCode = context.RunChild(new ProcessSpec("dotnet", arguments, root));
        if (exitCode == ZeroTestsRan && stepNumber is not null)
        {
            context.Error.WriteLine(
                $"note: no test of {lab.ShortId} has the trait Step={stepNumber}; the lab's steps are labs/{lab.Id}/steps/NN-*.md.");
        }

        return exitCode;
    }

    // One run per learner project, each against its component's test project only: the property is
    // global, and the lab's other test projects must keep their own implementation. A starter with
    // several projects (db-01) runs each in turn; with --step, only those whose tests have that step.
    private static int ExecuteImplementations(LabContext context, LabLayout layout, IReadOnlyList<ImplementationTarget> targets, string? stepNumber)
    {
        if (stepNumber is not null && targets.Count > 1)
        {
            var withStep = targets.Where(t => TestCounter.MentionsStep(t.Component.TestProject, stepNumber)).ToList();
            targets = withStep.Count > 0 ? withStep : targets;
        }

        var result = 0;
        foreach (var target in targets)
        {
            var testProject = layout.Relative(Path.GetDirectoryName(target.Component.TestProject)!);
            List<string> arguments = ["test", "--project", testProject, .. target.Properties];
            if (stepNumber is not null)
            {
                arguments.AddRange(["--filter-trait", $"Step={stepNumber}"]);
            }

            arguments.AddRange(context.PassThrough);
            var exitCode = context.RunChild(new ProcessSpec("dotnet", arguments, layout.RepoRoot));
            if (exitCode == ZeroTestsRan && stepNumber is not null)
            {
                context.Error.WriteLine(
                    $"note: no test in {testProject} has the trait Step={stepNumber}; the lab's steps are labs/{layout.Lab.Id}/steps/NN-*.md.");
            }

            if (result == 0)
            {
                result = exitCode;
            }
        }

        return result;
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
}
