using System.CommandLine;
using FromScratch.Lab.Conformance;
using Spectre.Console;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab demo [&lt;lab&gt;] [-- args]</c>: runs a lab's demo program (src/*.Demo) in Release.
/// Without a lab it runs the showcase: the demo of the furthest lab that is complete, which at the
/// end of the curriculum is the replicated SQL database of db-23.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The <c>demo</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string?>("lab")
        {
            Description = "The lab whose demo to run; without it, the furthest complete lab's demo.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("demo", "Run a lab's demo; with no lab, the furthest complete lab's. Arguments after -- go to the demo.")
        {
            lab,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(context, parse.GetValue(lab))));
        return command;
    }

    /// <summary>Runs the demo; returns its exit code, or 2 when there is nothing to run.</summary>
    public static int Execute(LabContext context, string? labName)
    {
        var named = labName is null ? null : LabResolver.Resolve(labName);
        var root = context.LocateRepo();
        LabLayout layout;
        if (named is not null)
        {
            layout = new LabLayout(root, named);
            layout.EnsureExists();
        }
        else
        {
            layout = Catalog.Labs
                .Reverse()
                .Select(l => new LabLayout(root, l))
                .FirstOrDefault(l => context.StatusOf(root, l.Lab) == LabStatus.Complete && l.DemoProjects().Count > 0)
                ?? throw new LabCommandException(
                    "no lab is complete yet, so there is no showcase to run. Run one lab's demo with ./lab demo db-01; ./lab list shows each lab's status.");
            context.Terminal.MarkupLineInterpolated($"Showcase: [bold]{layout.Lab.ShortId} {layout.Lab.Title}[/], the furthest complete lab.");
        }

        var demo = SingleDemo(layout);
        List<string> arguments = ["run", "-c", "Release", "--project", layout.Relative(Path.GetDirectoryName(demo)!)];
        if (context.PassThrough.Count > 0)
        {
            arguments.Add("--");
            arguments.AddRange(context.PassThrough);
        }

        return context.RunChild(new ProcessSpec("dotnet", arguments, root));
    }

    private static string SingleDemo(LabLayout layout)
    {
        var demos = layout.DemoProjects();
        return demos.Count switch
        {
            1 => demos[0],
            0 => throw new LabCommandException(
                $"{layout.Lab.ShortId} has no demo: expected {layout.Relative(layout.Directory)}/src/<Component>.Demo/<Component>.Demo.csproj."),
            _ => throw new LabCommandException(
                $"{layout.Lab.ShortId} has {demos.Count} demo projects ({string.Join(", ", demos.Select(layout.Relative))}); a lab should have one."),
        };
    }
}
