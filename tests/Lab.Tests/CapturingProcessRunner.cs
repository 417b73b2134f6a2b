using System.Diagnostics;
using System.Text;

namespace FromScratch.Lab.Tests;

/// <summary>
/// Runs child processes for real (nested dotnet builds and test runs) with their output captured
/// instead of mixed into this test run's, each with a time limit. The test host's MSBuild and
/// test-platform variables do not leak into the child, and no MSBuild node outlives it.
/// </summary>
internal sealed class CapturingProcessRunner(TimeSpan limit) : IProcessRunner
{
    private readonly StringBuilder _output = new();

    /// <summary>Everything the children printed, in order.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int Run(ProcessSpec spec)
    {
        var start = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                                                             || k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        Append("$ " + spec.CommandLine);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{spec.CommandLine}' did not finish within {limit}:\n{Output}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
