using System.Globalization;
using System.Text;

namespace FromScratch.Lab.Starter;

/// <summary>
/// The README.md of a starter: what to read first, what each project holds, the commands to test,
/// grade and diff it. Paths are in inline code, not Markdown links: a starter may sit anywhere.
/// </summary>
internal static class StarterReadme
{
    /// <summary>The README's text.</summary>
    public static string Render(LabLayout layout, StarterResult starter)
    {
        var lab = layout.Lab;
        var impl = ImplArgument(layout, starter.Directory);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Your {lab.ShortId} {lab.Title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Started with `./lab start {lab.ShortId}` from the reference in `labs/{lab.Id}/`. Every public type and member");
        text.AppendLine("of the reference is here with its signature and documentation; each body throws");
        text.AppendLine("`NotImplementedException` naming the step that builds it. The private helpers are yours to design.");
        text.AppendLine();
        text.AppendLine("## Read first");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"1. `labs/{lab.Id}/CONCEPTS.md`: what you are building and why.");
        text.AppendLine(CultureInfo.InvariantCulture, $"2. `{starter.Steps[0].Path}`: the first step. Work the steps in order.");
        text.AppendLine();
        text.AppendLine("## What is here");
        text.AppendLine();
        text.AppendLine("| project | tests | to implement, by step | given whole |");
        text.AppendLine("|---|---|---|---|");
        foreach (var c in starter.Components)
        {
            var bySteps = string.Join(", ", c.Stubs.GroupBy(s => s.Step.Number).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"step {g.Key}: {g.Select(s => s.Member).Distinct().Count()}"));
            var given = c.KeptWhole.Count == 0 ? "-" : string.Join(", ", c.KeptWhole.Distinct().Select(k => $"`{k}`"));
            if (c.CopiedFiles.Count > 0)
            {
                given += $"; files no step of this lab names, kept whole: {c.CopiedFiles.Count}";
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{c.Component.ProjectName}/{c.Component.ProjectName}.csproj` | `{layout.Relative(Path.GetDirectoryName(c.Component.TestProject)!)}` | {(bySteps.Length == 0 ? "-" : bySteps)} | {given} |");
        }

        foreach (var tool in starter.Tools)
        {
            var name = Path.GetFileNameWithoutExtension(tool);
            text.AppendLine(CultureInfo.InvariantCulture, $"| `{name}/{name}.csproj` | - (a tool project) | - | all of it, built on your components |");
        }

        text.AppendLine();
        text.AppendLine("The starter compiles, and the lab's tests compile against it and fail: that is where you start.");
        text.AppendLine("Each step turns its tests green. Build settings are in `Directory.Build.props` here (warnings are");
        text.AppendLine("not errors and XML docs are optional, unlike in the repository).");
        text.AppendLine();
        text.AppendLine("## Commands (from the repository root)");
        text.AppendLine();
        text.AppendLine("```sh");
        text.AppendLine(CultureInfo.InvariantCulture, $"./lab test {lab.ShortId} --impl {impl} --step {starter.Steps[0].Number}   # one step's tests against your code");
        text.AppendLine(CultureInfo.InvariantCulture, $"./lab test {lab.ShortId} --impl {impl}             # all of them");
        text.AppendLine(CultureInfo.InvariantCulture, $"./lab grade {lab.ShortId} --impl {impl}            # a table: passed/failed per step");
        text.AppendLine(CultureInfo.InvariantCulture, $"./lab diff {lab.ShortId} {impl}                    # your code against the reference");
        text.AppendLine("```");
        if (starter.Components.Count > 1)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"This lab has {starter.Components.Count} projects; `--impl` on this folder runs the tests of each (with `--step`, of the one that has tests of that step). Give one project's folder to test only it.");
            text.AppendLine("A project that builds on another component of this lab references your starter of it (a server on");
            text.AppendLine("your core), and the lab's tests that use both take both from this folder. Everything else (the");
            text.AppendLine("shared library, earlier labs' projects) is the repository's reference, as the lab's tests use it.");
        }

        return text.ToString();
    }

    /// <summary>The <c>--impl</c> argument that names the starter: relative to the repository root when inside it.</summary>
    public static string ImplArgument(LabLayout layout, string directory)
    {
        var relative = Path.GetRelativePath(layout.RepoRoot, directory).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? directory : relative;
    }
}
