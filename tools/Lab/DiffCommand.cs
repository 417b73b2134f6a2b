using System.CommandLine;
using FromScratch.Lab.Starter;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab diff &lt;lab&gt; &lt;dir&gt; [--component name] [--step NN]</c>: compares a learner's source with
/// the reference. For each project (a starter folder with several is compared project by project) it
/// prints a summary of the .cs files outside bin/ and obj/: the same, changed, not started (the file
/// is what <c>lab start</c> writes, or every body in it is still a generated
/// <c>NotImplementedException</c> stub: a later step's file the learner has not begun, not a
/// difference), only in the reference, only in the learner's folder.
/// Then the line diff of the changed files with <c>git diff --no-index</c> on copies of the two trees,
/// named <c>reference/</c> and <c>yours/</c>, kept under <c>my-work/.lab/diff/&lt;lab&gt;/&lt;Component&gt;/</c>
/// so that the printed command can be run again. <c>--step NN</c> compares only the files of steps
/// 01..NN (the step of a file is the first step whose Key code names it or a type it declares, as
/// for the starter) and the files no step names. Arguments after <c>--</c> go to git diff (e.g.
/// <c>-- --stat</c> or <c>-- -w</c>). Exit code: 0 when the compared sources are the same (not-started
/// files aside), 1 when they differ (as diff(1)), 2 for a usage error; without git the summary is
/// printed and the exit code still says whether they differ.
/// </summary>
internal static class DiffCommand
{
    /// <summary>The <c>diff</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var lab = new Argument<string>("lab") { Description = "The lab: 2, 02, db-02 or db-02-write-ahead-log." };
        var dir = new Argument<string>("dir") { Description = "The learner's project: a .csproj, its folder, or a starter folder from lab start." };
        var component = new Option<string>("--component")
        {
            Description = "In a lab with several components: compare only this one.",
            HelpName = "name",
        };
        var step = new Option<string>("--step")
        {
            Description = "Compare only the files of steps 01 to NN (and the files no step names).",
            HelpName = "NN",
        };
        var command = new Command("diff", "Compare a learner's source with the reference: a summary, then git diff --no-index. Arguments after -- go to git diff.")
        {
            lab, dir, component, step,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(
            context, parse.GetValue(lab)!, parse.GetValue(dir)!, parse.GetValue(component), parse.GetValue(step))));
        return command;
    }

    /// <summary>Prints the comparison; returns 0 when the sources are the same, 1 when they differ.</summary>
    public static int Execute(LabContext context, string labName, string dir, string? component, string? step = null)
    {
        var lab = LabResolver.Resolve(labName);
        var upTo = step is null ? null : TestCommand.ParseStep(step);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();
        var targets = ImplementationTargets.Resolve(layout, context.CurrentDirectory, dir, component);
        var steps = StepMap.Load(root, layout.Directory);
        var differ = false;
        foreach (var target in targets)
        {
            differ |= Compare(context, layout, target, steps, upTo);
        }

        return differ ? 1 : 0;
    }

    private static bool Compare(LabContext context, LabLayout layout, ImplementationTarget target, StepMap steps, string? upTo)
    {
        var referenceDir = target.Component.ReferenceDirectory;
        var learnerDir = Path.GetDirectoryName(target.Project)!;
        var reference = Sources(referenceDir);
        var learner = Sources(learnerDir);

        // With --step, the reference files of later steps are left out (the files no step names stay).
        var later = new List<string>();
        if (upTo is not null)
        {
            foreach (var (relative, path) in reference.ToList())
            {
                var fileStep = StarterGenerator.FileStep(steps, File.ReadAllText(path), Path.GetFileName(path));
                if (fileStep is not null && string.CompareOrdinal(fileStep.Number, upTo) > 0)
                {
                    later.Add(relative);
                    reference.Remove(relative);
                    learner.Remove(relative);
                }
            }
        }

        var onlyReference = reference.Keys.Where(k => !learner.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var onlyLearner = learner.Keys.Where(k => !reference.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var both = reference.Keys.Where(learner.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var different = both.Where(k => !File.ReadAllBytes(reference[k]).AsSpan().SequenceEqual(File.ReadAllBytes(learner[k]))).ToList();
        // Not started: the file is what lab start writes today, or every body in it is a generated stub.
        var starter = StarterGenerator.StarterFiles(referenceDir, steps).Where(f => f.Starter is not null)
            .ToDictionary(f => f.Relative, f => f.Starter!.Text.ReplaceLineEndings("\n"), StringComparer.Ordinal);
        var notStarted = different.Where(k =>
        {
            var text = File.ReadAllText(learner[k]);
            return (starter.TryGetValue(k, out var generated) && text.ReplaceLineEndings("\n") == generated) || StarterRewriter.IsUntouchedStub(text);
        }).ToList();
        var changed = different.Except(notStarted).ToList();

        var output = context.Output;
        output.WriteLine($"{target.Component.Name}: {layout.Relative(referenceDir)} (reference) vs {learnerDir} (yours){(upTo is null ? "" : $", steps 01-{upTo}")}");
        output.WriteLine($"  {both.Count - different.Count} files the same, {changed.Count} changed, {notStarted.Count} not started, {onlyReference.Count} only in the reference, {onlyLearner.Count} only in yours"
                         + (later.Count > 0 ? $"; {later.Count} files of steps after {upTo} not compared" : ""));
        foreach (var file in changed)
        {
            output.WriteLine($"  changed:           {file}");
        }

        foreach (var file in notStarted)
        {
            var fileStep = StarterGenerator.FileStep(steps, File.ReadAllText(reference[file]), Path.GetFileName(file));
            output.WriteLine($"  not started:       {file}{(fileStep is null ? "" : $" (step {fileStep.Number})")}");
        }

        foreach (var file in onlyReference)
        {
            output.WriteLine($"  only in reference: {file}");
        }

        foreach (var file in onlyLearner)
        {
            output.WriteLine($"  only in yours:     {file}");
        }

        var differ = changed.Count + onlyReference.Count + onlyLearner.Count > 0;
        if (!differ)
        {
            return false;
        }

        // git diff --no-index of two copies with short, stable names, so that the diff shows
        // "reference/LogWriter.cs" and "yours/LogWriter.cs", and bin/ and obj/ stay out of it. The
        // copies stay (the next diff of this lab replaces them), so the command printed can be rerun.
        // Files not started are left out of them: their difference is the whole of a later step.
        var work = Path.Combine(StarterGenerator.WorkFolder(layout.RepoRoot), ".lab", "diff", layout.Lab.Id, target.Component.Name);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Copy(reference.Where(f => !notStarted.Contains(f.Key)), Path.Combine(work, "reference"));
        Copy(learner.Where(f => !notStarted.Contains(f.Key)), Path.Combine(work, "yours"));
        List<string> arguments = ["diff", "--no-index"];
        arguments.AddRange(context.PassThrough);
        arguments.AddRange(["--", "reference", "yours"]);
        try
        {
            context.RunChild(new ProcessSpec("git", arguments, work));
        }
        catch (LabCommandException e)
        {
            context.Error.WriteLine($"note: no line diff ({e.Message}). Install git for it; the summary above lists the files that differ.");
        }

        return true;
    }

    // The .cs files of a project folder by path relative to it, with forward slashes.
    private static Dictionary<string, string> Sources(string directory) =>
        StarterGenerator.SourceFiles(directory).ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), f => f, StringComparer.Ordinal);

    private static void Copy(IEnumerable<KeyValuePair<string, string>> files, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var (relative, path) in files)
        {
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
        }
    }
}
