using System.CommandLine;
using FromScratch.Lab.Starter;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab diff &lt;lab&gt; &lt;dir&gt; [--component name]</c>: compares a learner's source with the
/// reference. For each project (a starter folder with several is compared project by project) it
/// prints a summary (files only in the reference, only in the learner's folder, changed, the same;
/// .cs files outside bin/ and obj/), then the line diff of the changed files with
/// <c>git diff --no-index</c> on copies of the two trees, named <c>reference/</c> and <c>yours/</c>.
/// Arguments after <c>--</c> go to git diff (e.g. <c>-- --stat</c> or <c>-- -w</c>). Exit code: 0
/// when the sources are the same, 1 when they differ (as diff(1)), 2 for a usage error; without
/// git the summary is printed and the exit code still says whether they differ.
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
        var command = new Command("diff", "Compare a learner's source with the reference: a summary, then git diff --no-index. Arguments after -- go to git diff.")
        {
            lab, dir, component,
        };
        command.SetAction(parse => LabCli.Guard(context, () => Execute(context, parse.GetValue(lab)!, parse.GetValue(dir)!, parse.GetValue(component))));
        return command;
    }

    /// <summary>Prints the comparison; returns 0 when the sources are the same, 1 when they differ.</summary>
    public static int Execute(LabContext context, string labName, string dir, string? component)
    {
        var lab = LabResolver.Resolve(labName);
        var root = context.LocateRepo();
        var layout = new LabLayout(root, lab);
        layout.EnsureExists();
        var targets = ImplementationTargets.Resolve(layout, context.CurrentDirectory, dir, component);
        var differ = false;
        foreach (var target in targets)
        {
            differ |= Compare(context, layout, target);
        }

        return differ ? 1 : 0;
    }

    private static bool Compare(LabContext context, LabLayout layout, ImplementationTarget target)
    {
        var referenceDir = target.Component.ReferenceDirectory;
        var learnerDir = Path.GetDirectoryName(target.Project)!;
        var reference = Sources(referenceDir);
        var learner = Sources(learnerDir);
        var onlyReference = reference.Keys.Where(k => !learner.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var onlyLearner = learner.Keys.Where(k => !reference.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var both = reference.Keys.Where(learner.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var changed = both.Where(k => !File.ReadAllBytes(reference[k]).AsSpan().SequenceEqual(File.ReadAllBytes(learner[k]))).ToList();

        var output = context.Output;
        output.WriteLine($"{target.Component.Name}: {layout.Relative(referenceDir)} (reference) vs {learnerDir} (yours)");
        output.WriteLine($"  {both.Count - changed.Count} files the same, {changed.Count} changed, {onlyReference.Count} only in the reference, {onlyLearner.Count} only in yours");
        foreach (var file in changed)
        {
            output.WriteLine($"  changed:           {file}");
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
        // "reference/LogWriter.cs" and "yours/LogWriter.cs", and bin/ and obj/ stay out of it.
        var work = Path.Combine(Path.GetTempPath(), "fromscratch-diff-" + Guid.NewGuid().ToString("N"));
        try
        {
            Copy(reference, Path.Combine(work, "reference"));
            Copy(learner, Path.Combine(work, "yours"));
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
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }

        return true;
    }

    // The .cs files of a project folder by path relative to it, with forward slashes.
    private static Dictionary<string, string> Sources(string directory) =>
        StarterGenerator.SourceFiles(directory).ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), f => f, StringComparer.Ordinal);

    private static void Copy(Dictionary<string, string> files, string destination)
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
