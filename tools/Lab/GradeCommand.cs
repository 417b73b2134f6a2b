using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using FromScratch.Lab.Grading;
using FromScratch.Lab.Starter;
using Spectre.Console;

namespace FromScratch.Lab;

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
        var command = new Command("grade", "Run a lab's tests against an implementation and print passed/failed per step (and JSON with --json). Arguments after -- go to dotnet test.")
        {
            lab, impl, component, json,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(
            context, parse.GetValue(lab)!, parse.GetValue(impl)!, parse.GetValue(component), parse.GetValue(json))));
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
        var results = Path.Combine(Path.GetTempPath(), "fromscratch-grade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(results);
        try
        {
            var outcomes = new List<TestOutcome>();
            var runs = new List<(ImplementationTarget Target, int ExitCode, bool Built)>();
            foreach (var target in targets)
            {
                var report = target.Component.Name + ".xml";
                List<string> arguments =
                [
                    "test", "--project", layout.Relative(Path.GetDirectoryName(target.Component.TestProject)!),
                    $"-p:LabImplementation={target.Project}",
                    "--report-xunit", "--report-xunit-filename", report, "--results-directory", results,
                ];
                arguments.AddRange(context.PassThrough);
                var exitCode = context.RunChild(new ProcessSpec("dotnet", arguments, root));
                var path = Path.Combine(results, report);
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

                runs.Add((target, exitCode, built));
            }

            var steps = Grade(layout, outcomes, runs.Where(r => !r.Built).Select(r => r.Target.Component.TestProject).ToList());
            Print(context, layout, runs, steps);
            var passed = runs.All(r => r.Built) && outcomes.Any(o => o.Passed) && !steps.Any(s => s.IsFailure);
            if (json is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(json)!);
                File.WriteAllText(json, Json(layout, runs, steps, passed));
                context.Output.WriteLine($"Wrote {json}");
            }

            return passed ? 0 : NotAllPassed;
        }
        finally
        {
            try
            {
                Directory.Delete(results, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder must not change the grade.
            }
        }
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

    private static void Print(LabContext context, LabLayout layout, IReadOnlyList<(ImplementationTarget Target, int ExitCode, bool Built)> runs, IReadOnlyList<StepGrade> steps)
    {
        // Plain lines through Output (Spectre would wrap a long path); the table through the terminal.
        var console = context.Terminal;
        context.Output.WriteLine();
        foreach (var (target, exitCode, built) in runs)
        {
            context.Output.WriteLine(built
                ? $"{target.Component.Name}: {target.Project}"
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

    private static string Json(LabLayout layout, IReadOnlyList<(ImplementationTarget Target, int ExitCode, bool Built)> runs, IReadOnlyList<StepGrade> steps, bool passed)
    {
        var grade = new
        {
            lab = layout.Lab.Id,
            passed,
            implementations = runs.Select(r => new
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
