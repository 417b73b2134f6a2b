using System.CommandLine;
using FromScratch.Lab.Starter;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab start &lt;lab&gt; [&lt;dir&gt;] [--force]</c>: writes the learner's starter for a lab
/// (<see cref="StarterGenerator"/>): the reference's public API with every body replaced by
/// <c>throw new NotImplementedException("Step NN: ...")</c>. The default folder is
/// <c>my-work/&lt;lab-id&gt;/</c> under the repository root, which no solution lists and git ignores
/// (my-work/.gitignore). It prints what to read first and the next command.
/// </summary>
internal static class StartCommand
{
    /// <summary>The <c>start</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string>("lab") { Description = "The lab to start: 2, 02, db-02 or db-02-write-ahead-log." };
        var dir = new Argument<string?>("dir")
        {
            Description = $"Where to write the starter (default: {StarterGenerator.DefaultFolder}/<lab> in the repository).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force") { Description = "Regenerate the starter's files in a folder that already has them (overwrites your edits to them)." };
        var command = new Command("start", "Write your starter for a lab: the reference's public API, every body a NotImplementedException naming its step.")
        {
            lab, dir, force,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(context, parse.GetValue(lab)!, parse.GetValue(dir), parse.GetValue(force))));
        return command;
    }

    /// <summary>Writes the starter; returns 0, or 2 for a usage error.</summary>
    public static int Execute(LabContext context, string labName, string? dir, bool force)
    {
        context.RejectPassThrough("start");
        var lab = LabResolver.Resolve(labName);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        var target = dir is null
            ? Path.Combine(root, StarterGenerator.DefaultFolder, lab.Id)
            : Path.GetFullPath(dir, context.CurrentDirectory);
        if (dir is null)
        {
            StarterGenerator.WorkFolder(root);
        }
        else
        {
            RejectSourceTree(root, target);
        }

        var starter = StarterGenerator.Generate(layout, target, force);
        var shown = Shown(context, target);
        context.Output.WriteLine($"Started {lab.ShortId} {lab.Title} in {shown}/");
        foreach (var c in starter.Components)
        {
            var stubs = c.Stubs.Select(s => s.Member).Distinct().Count();
            var steps = string.Join(", ", c.Stubs.Select(s => s.Step.Number).Distinct().Order(StringComparer.Ordinal));
            context.Output.WriteLine(
                $"  {c.Component.ProjectName}/{c.Component.ProjectName}.csproj: {c.RewrittenFiles.Count + c.CopiedFiles.Count} files, {stubs} members to implement (steps {steps}), "
                + $"{c.KeptWhole.Distinct().Count()} types given whole{(c.CopiedFiles.Count > 0 ? $", {c.CopiedFiles.Count} files no step of this lab names, kept whole" : "")}; tested by {layout.Relative(Path.GetDirectoryName(c.Component.TestProject)!)}");
        }

        foreach (var tool in starter.Tools)
        {
            var name = Path.GetFileNameWithoutExtension(tool);
            context.Output.WriteLine($"  {name}/{name}.csproj: a tool project no test grades, given whole and built on your components");
        }

        // The guarantee that the lab's tests compile against the starter: same public API.
        foreach (var check in ApiCheck.Compare(root, starter))
        {
            if (check.Equal)
            {
                context.Output.WriteLine($"  {check.Component.ProjectName}: same public API as the reference ({check.ApiLines} types and members, compared from compiled metadata)");
                continue;
            }

            var problems = check.ReferenceErrors.Select(e => "reference: " + e)
                .Concat(check.StarterErrors.Select(e => "starter: " + e))
                .Concat(check.Differences.Select(d => "API " + d))
                .ToList();
            context.Error.WriteLine($"warning: {check.Component.ProjectName}: the starter's API check failed ({problems.Count} problems); the tests may not compile against it:");
            foreach (var problem in problems.Take(15))
            {
                context.Error.WriteLine("  " + problem);
            }
        }

        var impl = Shown(context, target);
        context.Output.WriteLine();
        context.Output.WriteLine("Read first:");
        context.Output.WriteLine($"  labs/{lab.Id}/CONCEPTS.md");
        context.Output.WriteLine($"  {starter.Steps[0].Path}");
        context.Output.WriteLine($"  {shown}/README.md");
        context.Output.WriteLine();
        // The first red step is the first step with a member to implement in the starter. It is
        // later than step 01 when the early steps build code outside the lab's components (db-03's
        // steps 01-04 build the shared simulator): their tests run against the reference and pass.
        var firstRed = starter.Steps.FirstOrDefault(step => starter.Components.Any(c => c.Stubs.Any(s => s.Step.Number == step.Number)))
            ?? starter.Steps[0];
        if (firstRed.Number != starter.Steps[0].Number)
        {
            context.Output.WriteLine($"Steps before {firstRed.Number} build code outside this starter (in the repository's shared library); their tests run against the reference and pass.");
        }

        context.Output.WriteLine($"Next: the tests of step {firstRed.Number} against your starter (red until you write it):");
        context.Output.WriteLine($"  ./lab test {lab.ShortId} --impl {impl} --step {firstRed.Number}");
        context.Output.WriteLine($"Then ./lab grade {lab.ShortId} --impl {impl} for every step, and ./lab diff {lab.ShortId} {impl} to compare with the reference.");
        return 0;
    }

    // A starter inside the repository's source folders would be compiled into a reference project
    // by its **/*.cs glob (and picked up by the root build): only elsewhere, e.g. my-work/.
    private static void RejectSourceTree(string root, string target)
    {
        foreach (var folder in new[] { "labs", "shared", "tests", "tools", "build" })
        {
            var relative = Path.GetRelativePath(Path.Combine(root, folder), target);
            if (relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)))
            {
                throw new LabCommandException(
                    $"'{target}' is inside the repository's {folder}/ folder, whose projects would compile the starter's files. Use the default ({StarterGenerator.DefaultFolder}/<lab>) or a folder outside the repository.");
            }
        }
    }

    // A path as the user should type it: relative to the current directory when below it.
    private static string Shown(LabContext context, string path)
    {
        var relative = Path.GetRelativePath(context.CurrentDirectory, path).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
