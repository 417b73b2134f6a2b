using System.CommandLine;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab bench &lt;lab&gt; [-- args]</c>: runs a lab's BenchmarkDotNet project in Release with
/// <c>--filter '*' --job short</c> (a quick look, not numbers to publish). Arguments after
/// <c>--</c> go to BenchmarkDotNet; a --filter or --job given there replaces the default. When the
/// first of them is not an option but a command of the benchmark program (<c>compare</c>,
/// <c>workload</c>, <c>group-commit</c>, <c>crash-states</c>, ...), they go to the program as they
/// are, without BenchmarkDotNet's defaults in front.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The <c>bench</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string>("lab") { Description = "The lab whose benchmarks to run." };
        var command = new Command("bench", "Run a lab's benchmarks in Release with a short job. Arguments after -- go to BenchmarkDotNet (e.g. -- --job dry).")
        {
            lab,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(context, parse.GetValue(lab)!)));
        return command;
    }

    /// <summary>Runs the benchmarks; returns their exit code, or 2 for a usage error.</summary>
    public static int Execute(LabContext context, string labName)
    {
        var lab = LabResolver.Resolve(labName);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();
        var projects = layout.BenchmarkProjects();
        var project = projects.Count switch
        {
            1 => projects[0],
            0 => throw new LabCommandException(
                $"{lab.ShortId} has no benchmarks: expected {layout.Relative(layout.Directory)}/src/<Component>.Benchmarks/<Component>.Benchmarks.csproj."),
            _ => throw new LabCommandException(
                $"{lab.ShortId} has {projects.Count} benchmark projects ({string.Join(", ", projects.Select(layout.Relative))}); a lab should have one."),
        };

        List<string> arguments = ["run", "-c", "Release", "--project", layout.Relative(Path.GetDirectoryName(project)!), "--"];
        var extra = context.PassThrough;
        var command = extra.Count > 0 && !extra[0].StartsWith('-');
        if (!command && !extra.Any(a => a is "--filter" or "-f"))
        {
            arguments.AddRange(["--filter", "*"]);
        }

        if (!command && !extra.Any(a => a is "--job" or "-j"))
        {
            arguments.AddRange(["--job", "short"]);
        }

        arguments.AddRange(extra);
        return context.RunChild(new ProcessSpec("dotnet", arguments, root));
    }
}
