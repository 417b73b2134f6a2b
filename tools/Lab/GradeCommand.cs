using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using FromScratch.Lab.Grading;
using FromScratch.Lab.Starter;
using Spectre.Console;

namespace FromScratch.Lab;

/// <summary>One test project's run in a grade.</summary>
/// <param name="Target">The learner's project and its test project.</param>
/// <param name="ExitCode">dotnet test's exit code.</param>
/// <param name="Built">Whether the tests built and ran (their report exists).</param>
/// <param name="Report">The xunit report, when they ran.</param>
internal sealed record GradeRun(ImplementationTarget Target, int ExitCode, bool Built, string? Report);

/// <summary>A grade: the runs, one line per step, and whether it passed.</summary>
internal sealed record GradeResult(IReadOnlyList<GradeRun> Runs, IReadOnlyList<StepGrade> Steps, bool Passed);

/// <summary>
/// <c>lab grade &lt;lab&gt; --impl &lt;path&gt; [--component name] [--json file]</c>: runs the lab's
/// tests against a learner's implementation (as <c>lab test --impl</c> does, one run per project of
/// a starter) with an xunit XML report, groups the results by the Step trait, and prints one row per
/// step: passed, failed, skipped, total, status. A step whose guide exists but has no test is shown
/// as "no tests", never as passed; a test project that does not build makes its steps "not built".
/// <c>--json</c> also writes the grade for an instructor's scripts. Exit code: 0 when at least one
/// test ran and no step failed or failed to build, 1 otherwise, 2 for a usage error.
/// </summary>
internal static class GradeCommand
{
    /// <summary>The exit code of a grade with a failed step.</summary>
    public const int NotAllPassed = 1;

    /// <summary>The <c>grade</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string>("lab") { Description = "The lab: 2, 02, db-02 or db-02-write-ahead-log." };
        var impl = new Option<string>("--impl")
        {
            Description = "The implementation to grade: a .csproj, its folder, or a starter folder from lab start.",
            HelpName = "path",
            Required = true,
        };
        var component = new Option<string>("--component")
        {
            Description = "In a lab with several components: grade only this one.",
            HelpName = "name",
        };
        var json = new Option<string>("--json")
        {
            Description = "Also write the grade as JSON to this file.",
            HelpName = "file",
        };
        var command = new Command("grade", "Run a lab's tests against an implementation and print passed/failed per step (and JSON with --json). Other options (--filter-method X) and arguments after -- go to dotnet test.")
        {
            lab, impl, component, json,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => LabCli.Guard(context, () => Execute(
            context.PassingOn(parse.UnmatchedTokens), parse.GetValue(lab)!, parse.GetValue(impl)!, parse.GetValue(component), parse.GetValue(json))));
        return command;
    }

    /// <summary>Grades the implementation; returns 0 when every step with tests passed.</summary>
    public static int Execute(LabContext context, string labName, string impl, string? component, string? jsonPath)
    {
        var lab = LabResolver.Resolve(labName);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();
        var targets = ImplementationTargets.Resolve(layout, context.CurrentDirectory, impl, component);
        var json = jsonPath is null ? null : Path.GetFullPath(jsonPath, context.CurrentDirectory);
        var grade = Run(context, layout, targets, ReportsDirectory(root, lab));
        Print(context, layout, grade);
        if (json is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(json)!);
            File.WriteAllText(json, Json(layout, grade));
            context.Output.WriteLine($"Wrote {json}");
        }

        return grade.Passed ? 0 : NotAllPassed;
    }

    /// <summary>
    /// Where <c>lab grade</c> keeps the xunit reports of its last run for a lab:
    /// <c>my-work/.lab/grade/&lt;lab-id&gt;/</c> under the repository root (git ignores my-work/). They
    /// stay after the run, so that the paths dotnet test prints can be opened; the next grade of the
    /// same lab replaces them.
    /// </summary>
    public static string ReportsDirectory(string root, LabInfo lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return Path.Combine(StarterGenerator.WorkFolder(root), ".lab", "grade", lab.Id);
    }

    /// <summary>
    /// Runs each target's tests with an xunit report into <paramref name="reports"/> (emptied first)
    /// and grades them by step; prints nothing but the commands and dotnet test's own output.
    /// </summary>
    public static GradeResult Run(LabContext context, LabLayout layout, IReadOnlyList<ImplementationTarget> targets, string reports)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(targets);
        if (Directory.Exists(reports))
        {
            Directory.Delete(reports, recursive: true);
        }

        Directory.CreateDirectory(reports);
        var outcomes = new List<TestOutcome>();
        var runs = new List<GradeRun>();
        foreach (var target in targets)
        {
            var report = target.Component.Name + ".xml";
            List<string> arguments =
            [
                "test", "--project", layout.Relative(Path.GetDirectoryName(target.Component.TestProject)!),
                .. target.Properties,
                "--report-xunit", "--report-xunit-filename", report, "--results-directory", reports,
            ];
            arguments.AddRange(context.PassThrough);
            var exitCode = context.RunChild(new ProcessSpec("dotnet", arguments, layout.RepoRoot));
            var path = Path.Combine(reports, report);
            var built = File.Exists(path);
            if (built)
            {
                try
                {
                    outcomes.AddRange(XunitReport.Read(path));
                }
                catch (InvalidDataException e)
                {
                    context.Error.WriteLine($"error: {e.Message}");
                    built = false;
                }
            }

            runs.Add(new GradeRun(target, exitCode, built, built ? path : null));
        }

        var steps = Grade(layout, outcomes, runs.Where(r => !r.Built).Select(r => r.Target.Component.TestProject).ToList());
        var passed = runs.All(r => r.Built) && outcomes.Any(o => o.Passed) && !steps.Any(s => s.IsFailure);
        return new GradeResult(runs, steps, passed);
    }

    /// <summary>One line per step: every step guide of the lab, and every Step trait the tests carry.</summary>
    public static IReadOnlyList<StepGrade> Grade(LabLayout layout, IReadOnlyList<TestOutcome> outcomes, IReadOnlyList<string> unbuiltTestProjects)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var guides = StepMap.Load(layout.RepoRoot, layout.Directory).Steps
            .ToDictionary(s => s.Number, s => Path.GetFileNameWithoutExtension(s.Path), StringComparer.Ordinal);
        var numbers = guides.Keys.Concat(outcomes.Select(o => o.Step)).Distinct().Order(StringComparer.Ordinal);
        return [.. numbers.Select(step =>
        {
            var tests = outcomes.Where(o => o.Step == step).ToList();
            return new StepGrade(
                step.Length == 0 ? "(none)" : step,
                guides.GetValueOrDefault(step, ""),
                tests.Count(t => t.Passed),
                tests.Count(t => t.Failed),
                tests.Count(t => !t.Passed && !t.Failed),
                [.. tests.Where(t => t.Failed).Select(t => t.Message is null ? t.Name : $"{t.Name}: {t.Message}")],
                NotBuilt: step.Length > 0 && unbuiltTestProjects.Any(p => TestCounter.MentionsStep(p, step)));
        })];
    }

    private static void Print(LabContext context, LabLayout layout, GradeResult grade)
    {
        // Plain lines through Output (Spectre would wrap a long path); the table through the terminal.
        var console = context.Terminal;
        var steps = grade.Steps;
        context.Output.WriteLine();
        foreach (var (target, exitCode, built, report) in grade.Runs)
        {
            context.Output.WriteLine(built
                ? $"{target.Component.Name}: {target.Project} (report: {Shown(context, report!)})"
                : $"{target.Component.Name}: {target.Project} did not build against {layout.Relative(Path.GetDirectoryName(target.Component.TestProject)!)} (dotnet test exited with {exitCode}; its output above says why)");
        }

        var table = new Table().Border(console.Profile.Capabilities.Unicode ? TableBorder.Square : TableBorder.Ascii2).Title($"{layout.Lab.ShortId} {layout.Lab.Title}: grade").AddColumns("Step", "Guide", "Passed", "Failed", "Skipped", "Total", "Status");
        foreach (var step in steps)
        {
            var status = step.Status switch
            {
                "passed" => "[green]passed[/]",
                "failed" => "[red]failed[/]",
                "not built" => "[red]not built[/]",
                var other => Markup.Escape(other),
            };
            table.AddRow(step.Step, Markup.Escape(step.Title), step.Passed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                step.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Skipped.ToString(System.Globalization.CultureInfo.InvariantCulture),
                step.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), status);
        }

        table.AddRow("all", "", steps.Sum(s => s.Passed).ToString(System.Globalization.CultureInfo.InvariantCulture),
            steps.Sum(s => s.Failed).ToString(System.Globalization.CultureInfo.InvariantCulture), steps.Sum(s => s.Skipped).ToString(System.Globalization.CultureInfo.InvariantCulture),
            steps.Sum(s => s.Total).ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        context.Output.Flush();
        console.Write(table);
        var failing = steps.Where(s => s.IsFailure).ToList();
        context.Output.WriteLine(failing.Count == 0
            ? "Every step with tests passed."
            : $"Not passed: step {string.Join(", ", failing.Select(s => s.Step))}. The first of them is where to work next.");
    }

    // A path as the user should type it: relative to the current directory when below it.
    private static string Shown(LabContext context, string path)
    {
        var relative = Path.GetRelativePath(context.CurrentDirectory, path).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string Json(LabLayout layout, GradeResult result)
    {
        var steps = result.Steps;
        var grade = new
        {
            lab = layout.Lab.Id,
            passed = result.Passed,
            implementations = result.Runs.Select(r => new
            {
                component = r.Target.Component.Name,
                project = r.Target.Project,
                testProject = layout.Relative(Path.GetDirectoryName(r.Target.Component.TestProject)!),
                built = r.Built,
                exitCode = r.ExitCode,
            }),
            steps = steps.Select(s => new
            {
                step = s.Step,
                guide = s.Title,
                status = s.Status,
                passed = s.Passed,
                failed = s.Failed,
                skipped = s.Skipped,
                total = s.Total,
                failedTests = s.FailedTests,
            }),
            totals = new
            {
                passed = steps.Sum(s => s.Passed),
                failed = steps.Sum(s => s.Failed),
                skipped = steps.Sum(s => s.Skipped),
                total = steps.Sum(s => s.Total),
            },
        };
        return JsonSerializer.Serialize(grade, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
