namespace FromScratch.Lab.Tests;

/// <summary>
/// Records the processes the lab command would run, runs nothing, returns a set exit code.
/// <paramref name="onRun"/>, when given, plays the process's part (e.g. writes the report that
/// dotnet test would have written).
/// </summary>
internal sealed class FakeProcessRunner(int exitCode = 0, Action<ProcessSpec>? onRun = null) : IProcessRunner
{
    public List<ProcessSpec> Runs { get; } = [];

    public int Run(ProcessSpec spec)
    {
        Runs.Add(spec);
        onRun?.Invoke(spec);
        return exitCode;
    }
}
