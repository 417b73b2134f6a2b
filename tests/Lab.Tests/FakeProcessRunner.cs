namespace FromScratch.Lab.Tests;

/// <summary>Records the processes the lab command would run, runs nothing, returns a set exit code.</summary>
internal sealed class FakeProcessRunner(int exitCode = 0) : IProcessRunner
{
    public List<ProcessSpec> Runs { get; } = [];

    public int Run(ProcessSpec spec)
    {
        Runs.Add(spec);
        return exitCode;
    }
}
