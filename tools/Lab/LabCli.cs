using System.CommandLine;
using System.CommandLine.Help;

namespace FromScratch.Lab;

/// <summary>
/// The command line: <c>lab list | start | test | grade | diff | verify | demo | bench | mutate</c>. Arguments after the first <c>--</c>
/// are not parsed here; they go to the child process (dotnet test, the demo, BenchmarkDotNet, Stryker).
/// Exit codes: 0 success; 2 a usage error (unknown lab, bad path, bad option); otherwise the
/// child's own exit code. (dotnet test also exits with 2 when a test fails: the message on stderr,
/// "error: ..." or the test summary, tells which.)
/// </summary>
internal static class LabCli
{
    /// <summary>Runs the command line <paramref name="args"/> in <paramref name="context"/>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, LabContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var split = IndexOf(args, "--");
        IReadOnlyList<string> own = split < 0 ? args : args.Take(split).ToList();
        if (own.Count == 0)
        {
            own = ["--help"];
        }

        context = context with { PassThrough = split < 0 ? [] : args.Skip(split + 1).ToList() };

        // A plain Command named "lab" rather than RootCommand, whose name is the executable's
        // (FromScratch.Lab), so that help shows the command as the wrappers spell it.
        var root = new Command(
            "lab",
            "From Scratch: build databases and distributed systems, one lab at a time.\n"
            + "Labs are named by number (2), short id (db-02) or folder (db-02-write-ahead-log).")
        {
            new HelpOption(),
            ListCommand.Create(context),
            StartCommand.Create(context),
            TestCommand.Create(context),
            GradeCommand.Create(context),
            DiffCommand.Create(context),
            VerifyCommand.Create(context),
            DemoCommand.Create(context),
            BenchCommand.Create(context),
            MutateCommand.Create(context),
        };

        var parse = root.Parse(own);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine($"error: {error.Message}");
            }

            var command = parse.CommandResult.Command == root ? "" : " " + parse.CommandResult.Command.Name;
            context.Error.WriteLine($"Run ./lab{command} --help for usage.");
            return LabCommandException.UsageError;
        }

        return parse.Invoke(new InvocationConfiguration { Output = context.Output, Error = context.Error });
    }

    /// <summary>Runs a command's action, turning a <see cref="LabCommandException"/> into "error: ..." and its exit code.</summary>
    public static int Guard(LabContext context, Func<int> action)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (LabCommandException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
    }

    private static int IndexOf(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
