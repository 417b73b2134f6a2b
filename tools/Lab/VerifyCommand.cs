using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FromScratch.Lab.Conformance;
using FromScratch.Lab.Starter;
using Spectre.Console;

namespace FromScratch.Lab;

/// <summary>The outcome of <c>lab verify</c> for one lab.</summary>
/// <param name="Lab">The lab.</param>
/// <param name="Api">The starter's public API check: "same", or what failed.</param>
/// <param name="RedGate">The starter graded: "red" (every step it stubs failed), or what went wrong.</param>
/// <param name="Reference">The reference graded through --impl: "green", or what went wrong.</param>
/// <param name="Elapsed">The lab's wall time.</param>
/// <param name="Skipped">Why the lab was not verified (a lab in progress), or null.</param>
internal sealed record LabVerification(LabInfo Lab, string Api, string RedGate, string Reference, TimeSpan Elapsed, string? Skipped = null)
{
    /// <summary>Whether every check passed (a skipped lab does not fail).</summary>
    public bool Passed => Skipped is not null || (Api == "same" && RedGate == "red" && Reference == "green");
}

/// <summary>
/// <c>lab verify [&lt;lab&gt;...]</c>: the checks that prove a lab's starter and its grading work,
/// with real builds, for the labs named or, by default, every lab folder that exists (a lab that is
/// not complete yet is skipped unless named). For each lab:
/// <list type="number">
/// <item><c>lab start</c> into <c>my-work/.lab/verify/&lt;lab&gt;/starter</c>: the starter's public API
/// equals the reference's (compared from compiled metadata);</item>
/// <item>the red gate: the starter graded as <c>lab grade --impl</c> grades it builds, the lab's
/// tests build against it, and every step it leaves to the learner fails, the failures naming
/// <c>NotImplementedException</c> and the step guide;</item>
/// <item>the reference graded through <c>--impl</c> (each component's reference project, through the
/// same substitution as a learner's) passes every step.</item>
/// </list>
/// Then a table, one row per lab, with each check and the lab's wall time; exit code 0 when every
/// lab passed, 1 otherwise, 2 for a usage error. Costly (a build of each lab's tests twice), so it is
/// not part of the root <c>dotnet test</c>; .ci/run runs it after the tests. The build output of each
/// nested build goes where a learner's would (the test projects' bin/impl-* and obj/impl-* folders),
/// and is removed afterwards; the starter is removed when its lab passed, kept to look at when not.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>The <c>verify</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var labs = new Argument<string[]>("lab")
        {
            Description = "The labs to verify (default: every lab folder that exists; labs not complete yet are skipped unless named).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("verify", "Prove each lab's starter and grading with real builds: same public API, red gate, reference graded green. Prints one row per lab.")
        {
            labs,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(context, parse.GetValue(labs) ?? [])));
        return command;
    }

    /// <summary>Verifies the labs; returns 0 when every one passed, 1 otherwise.</summary>
    public static int Execute(LabContext context, IReadOnlyList<string> labNames)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(labNames);
        context.RejectPassThrough("verify");
        var root = context.LocateRepo();
        var named = labNames.Count > 0;
        var labs = named
            ? labNames.Select(LabResolver.Resolve).Distinct().ToList()
            : Catalog.Labs.Where(l => new LabLayout(root, l).Exists).ToList();
        if (labs.Count == 0)
        {
            throw new LabCommandException("no lab folder exists under labs/: there is nothing to verify.");
        }

        var results = new List<LabVerification>();
        foreach (var lab in labs)
        {
            var layout = new LabLayout(root, lab);
            layout.EnsureExists();
            var status = context.StatusOf(root, lab);
            if (!named && status != LabStatus.Complete)
            {
                results.Add(new LabVerification(lab, "-", "-", "-", TimeSpan.Zero, $"{LabStatusWords.ToWord(status)}: only complete labs are verified unless named (./lab verify {lab.ShortId})"));
                continue;
            }

            context.Output.WriteLine($"verify {lab.ShortId}: start, red gate, reference");
            context.Output.Flush();
            results.Add(Verify(context, layout));
        }

        Print(context, results);
        return results.All(r => r.Passed) ? 0 : 1;
    }

    /// <summary>Runs the three checks on one lab.</summary>
    public static LabVerification Verify(LabContext context, LabLayout layout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(layout);
        var clock = Stopwatch.StartNew();
        var work = Path.Combine(StarterGenerator.WorkFolder(layout.RepoRoot), ".lab", "verify", layout.Lab.Id);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var starterDir = Path.Combine(work, "starter");
        var built = new List<string>();
        string api, redGate, reference;
        try
        {
            var starter = StarterGenerator.Generate(layout, starterDir, force: false);
            built.AddRange(starter.Components.Select(c => c.ProjectPath));
            api = ApiVerdict(layout, starter, ApiCheck.Compare(layout.RepoRoot, starter));
            redGate = RedGateVerdict(context, layout, starter, Path.Combine(work, "starter-reports"));
            built.AddRange(layout.Components().Select(c => c.ReferenceProject));
            reference = ReferenceVerdict(context, layout, Path.Combine(work, "reference-reports"));
        }
        catch (LabCommandException e)
        {
            api = redGate = reference = "error";
            context.Error.WriteLine($"error: {e.Message}");
        }
        finally
        {
            foreach (var project in built.Distinct(StringComparer.Ordinal))
            {
                ImplFolders.Remove(layout.RepoRoot, project);
            }
        }

        var result = new LabVerification(layout.Lab, api, redGate, reference, clock.Elapsed);
        if (result.Passed)
        {
            Directory.Delete(work, recursive: true);
        }
        else
        {
            context.Error.WriteLine($"verify {layout.Lab.ShortId}: failed; the starter and the reports are kept in {work}");
        }

        return result;
    }

    // The same public API as the reference, and every stub names a step guide that exists.
    private static string ApiVerdict(LabLayout layout, StarterResult starter, IReadOnlyList<ApiComparison> checks)
    {
        var missing = starter.Components.SelectMany(c => c.Stubs).Select(s => s.Step.Path).Distinct(StringComparer.Ordinal)
            .Where(p => !File.Exists(Path.Combine(layout.RepoRoot, p))).ToList();
        if (missing.Count > 0)
        {
            return "stubs name missing step guides: " + string.Join(", ", missing);
        }

        if (starter.Components.All(c => c.Stubs.Count == 0))
        {
            return "nothing to implement: no step names a reference file or type";
        }

        var failed = checks.Where(c => !c.Equal).ToList();
        return failed.Count == 0
            ? "same"
            : "differs: " + string.Join("; ", failed.Select(c =>
                $"{c.Component.Name} ({c.ReferenceErrors.Count} reference errors, {c.StarterErrors.Count} starter errors, {c.Differences.Count} API differences, first: "
                + c.ReferenceErrors.Concat(c.StarterErrors).Concat(c.Differences).FirstOrDefault() + ")"));
    }

    // The starter graded: built, and every step it stubs red with NotImplementedException naming a step guide.
    private static string RedGateVerdict(LabContext context, LabLayout layout, StarterResult starter, string reports)
    {
        var targets = ImplementationTargets.Resolve(layout, layout.RepoRoot, starter.Directory, component: null);
        var grade = GradeCommand.Run(context, layout, targets, reports);
        var notBuilt = grade.Runs.Where(r => !r.Built).Select(r => r.Target.Component.Name).ToList();
        if (notBuilt.Count > 0)
        {
            return $"not built: the lab's tests of {string.Join(", ", notBuilt)} did not build against the starter";
        }

        var stubbed = starter.Components.SelectMany(c => c.Stubs).Select(s => s.Step.Number).ToHashSet(StringComparer.Ordinal);
        var green = grade.Steps.Where(s => stubbed.Contains(s.Step) && s.Total > 0 && s.Status != "failed").Select(s => s.Step).ToList();
        if (green.Count > 0)
        {
            return $"not red: step {string.Join(", ", green)} passed against the starter, which stubs it";
        }

        var stub = $"see labs/{layout.Lab.Id}/steps/";
        return grade.Steps.SelectMany(s => s.FailedTests).Any(f => f.Contains("NotImplementedException", StringComparison.Ordinal) && f.Contains(stub, StringComparison.Ordinal))
            ? "red"
            : "not red: no failure names NotImplementedException and a step guide";
    }

    // The reference graded through --impl, one component at a time, as a learner's project would be.
    private static string ReferenceVerdict(LabContext context, LabLayout layout, string reports)
    {
        var problems = new List<string>();
        foreach (var component in layout.Components())
        {
            var target = new ImplementationTarget(component, component.ReferenceProject);
            var grade = GradeCommand.Run(context, layout, [target], Path.Combine(reports, component.Name));
            if (!grade.Passed)
            {
                var failing = grade.Steps.Where(s => s.IsFailure).Select(s => s.Step).ToList();
                problems.Add(failing.Count > 0 ? $"{component.Name}: step {string.Join(", ", failing)} not passed" : $"{component.Name}: no test passed");
            }
        }

        return problems.Count == 0 ? "green" : "not green: " + string.Join("; ", problems);
    }

    private static void Print(LabContext context, IReadOnlyList<LabVerification> results)
    {
        var console = context.Terminal;
        var table = new Table().Border(console.Profile.Capabilities.Unicode ? TableBorder.Square : TableBorder.Ascii2)
            .Title("lab verify").AddColumns("Lab", "Starter API", "Red gate", "Reference", "Time", "Result");
        foreach (var r in results)
        {
            var verdict = r.Skipped is not null ? "skipped" : r.Passed ? "[green]passed[/]" : "[red]FAILED[/]";
            table.AddRow(r.Lab.ShortId, Markup.Escape(r.Api), Markup.Escape(r.RedGate), Markup.Escape(r.Reference),
                r.Skipped is not null ? "-" : r.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s", verdict);
        }

        context.Output.WriteLine();
        context.Output.Flush();
        console.Write(table);
        foreach (var r in results.Where(r => r.Skipped is not null))
        {
            context.Output.WriteLine($"{r.Lab.ShortId} skipped: {r.Skipped}");
        }

        var failed = results.Where(r => !r.Passed).ToList();
        foreach (var r in failed)
        {
            // In full, on lines of their own: a table cell wraps them.
            foreach (var (check, verdict, good) in new[] { ("starter API", r.Api, "same"), ("red gate", r.RedGate, "red"), ("reference", r.Reference, "green") })
            {
                if (verdict != good)
                {
                    context.Output.WriteLine($"{r.Lab.ShortId} {check}: {verdict}");
                }
            }
        }

        var verified = results.Where(r => r.Skipped is null).ToList();
        context.Output.WriteLine(failed.Count == 0
            ? $"{verified.Count} labs verified in {verified.Sum(r => r.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} s."
            : $"FAILED: {string.Join(", ", failed.Select(r => r.Lab.ShortId))}.");
    }
}
