using System.ComponentModel;
using System.Diagnostics;

namespace FromScratch.Lab;

/// <summary>
/// Runs a child process that shares this console: it inherits stdin, stdout and stderr (so its
/// colours and progress output come through untouched), and its exit code becomes ours.
/// Ctrl+C kills the child and its own children (a test host, a benchmark process) and returns 130,
/// the shell's code for "interrupted".
/// </summary>
internal sealed class ProcessRunner : IProcessRunner
{
    /// <summary>The exit code returned when Ctrl+C stopped the child.</summary>
    public const int Interrupted = 130;

    /// <inheritdoc />
    public int Run(ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        var interrupted = false;
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // Keep this process alive until the child is gone, so the shell prompt does not come
            // back while a test host is still writing.
            e.Cancel = true;
            interrupted = true;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // The child had already exited.
            }
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw new LabCommandException(
                    $"cannot start '{spec.FileName}': {e.Message}. Is {(spec.FileName == "dotnet" ? "the .NET SDK" : "it")} installed and on PATH?");
            }

            process.WaitForExit();
            return interrupted ? Interrupted : process.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }
}
