using FromScratch.Lab.Conformance;

namespace FromScratch.Lab.Tests;

/// <summary>One in-process run of the lab command: its exit code, what it printed, what it ran.</summary>
internal sealed record LabRun(int ExitCode, string Output, string Error, IReadOnlyList<ProcessSpec> Runs)
{
    /// <summary>
    /// Runs <c>lab &lt;args&gt;</c> in <paramref name="currentDirectory"/> (also used as the tool's
    /// base directory, so no other repository is found), with output redirected (plain text) and a
    /// fake process runner returning <paramref name="childExitCode"/>.
    /// </summary>
    public static LabRun Of(string currentDirectory, string[] args, int childExitCode = 0, Func<string, LabInfo, LabStatus>? statusOf = null, Action<ProcessSpec>? onRun = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var runner = new FakeProcessRunner(childExitCode, onRun);
        var context = new LabContext
        {
            Terminal = LabTerminal.Create(output, isTerminal: false),
            Output = output,
            Error = error,
            Runner = runner,
            CurrentDirectory = currentDirectory,
            BaseDirectory = currentDirectory,
        };
        if (statusOf is not null)
        {
            context = context with { StatusOf = statusOf };
        }

        var exitCode = LabCli.Run(args, context);
        return new LabRun(exitCode, output.ToString(), error.ToString(), runner.Runs);
    }

    /// <summary>
    /// Runs <c>lab &lt;args&gt;</c> in <paramref name="currentDirectory"/> with a real process runner
    /// (<paramref name="runner"/> captures the children's output); returns the exit code.
    /// </summary>
    public static int Real(string currentDirectory, IProcessRunner runner, string[] args, StringWriter? output = null)
    {
        output ??= new StringWriter();
        var context = new LabContext
        {
            Terminal = LabTerminal.Create(output, isTerminal: false),
            Output = output,
            Error = output,
            Runner = runner,
            CurrentDirectory = currentDirectory,
            BaseDirectory = currentDirectory,
        };
        return LabCli.Run(args, context);
    }

    /// <summary>The single process the command ran.</summary>
    public ProcessSpec Single => Runs.Should().ContainSingle().Subject;
}
