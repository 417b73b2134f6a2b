using FromScratch.Lab.Conformance;
using Spectre.Console;

namespace FromScratch.Lab;

/// <summary>
/// Everything a command touches outside itself: where it writes, how it runs child processes,
/// where it was started. The program uses the real console and <see cref="ProcessRunner"/>; the
/// tests use string writers, a fake runner and a temporary repository.
/// </summary>
internal sealed record LabContext
{
    /// <summary>Standard output, for tables and messages.</summary>
    public required IAnsiConsole Terminal { get; init; }

    /// <summary>Standard output as a plain writer (System.CommandLine writes help here).</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Standard error, for "error: ..." lines.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Runs dotnet.</summary>
    public required IProcessRunner Runner { get; init; }

    /// <summary>The directory the user ran the command in; relative paths are resolved against it.</summary>
    public required string CurrentDirectory { get; init; }

    /// <summary>The directory of the tool's binaries (a second place to look for the repository).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>A lab's status; <see cref="LabShape.StatusOf"/> unless a test substitutes it.</summary>
    public Func<string, LabInfo, LabStatus> StatusOf { get; init; } = LabShape.StatusOf;

    /// <summary>The arguments after <c>--</c> on the command line, passed on to the child process.</summary>
    public IReadOnlyList<string> PassThrough { get; init; } = [];

    /// <summary>
    /// This context with <paramref name="unmatched"/> (the options a command does not know, which
    /// it passes on to its child process) before the arguments after <c>--</c>.
    /// </summary>
    public LabContext PassingOn(IReadOnlyList<string> unmatched) =>
        unmatched.Count == 0 ? this : this with { PassThrough = [.. unmatched, .. PassThrough] };

    /// <summary>The context of a real run: this process's console and working directory.</summary>
    public static LabContext ForConsole() => new()
    {
        Terminal = LabTerminal.Create(Console.Out, isTerminal: !Console.IsOutputRedirected),
        Output = Console.Out,
        Error = Console.Error,
        Runner = new ProcessRunner(),
        CurrentDirectory = Environment.CurrentDirectory,
        BaseDirectory = AppContext.BaseDirectory,
    };

    /// <summary>The repository root (see <see cref="RepoLocator"/>).</summary>
    public string LocateRepo() => RepoLocator.Locate(CurrentDirectory, BaseDirectory);

    /// <summary>
    /// Prints the command (so a learner sees, and can copy, what runs), runs it in the repository
    /// root and returns its exit code.
    /// </summary>
    public int RunChild(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var here = Path.TrimEndingDirectorySeparator(Path.GetFullPath(CurrentDirectory));
        var there = Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec.WorkingDirectory));
        var prefix = string.Equals(here, there, StringComparison.Ordinal) ? "" : $"(in {there}) ";
        // Plain text on purpose: Spectre would break a long command at the console width, and the
        // line must stay one line to be copied into a shell.
        Output.WriteLine($"{prefix}$ {spec.CommandLine}");
        Output.Flush();
        return Runner.Run(spec);
    }

    /// <summary>Fails when arguments were given after <c>--</c> to a command that takes none.</summary>
    public void RejectPassThrough(string command)
    {
        if (PassThrough.Count > 0)
        {
            throw new LabCommandException(
                $"'{command}' takes no arguments after --, got: {string.Join(' ', PassThrough)}");
        }
    }
}
