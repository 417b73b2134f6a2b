namespace FromScratch.Lab;

/// <summary>Runs a child process; the tests substitute a fake that records what would run.</summary>
internal interface IProcessRunner
{
    /// <summary>Runs <paramref name="spec"/> to completion and returns its exit code.</summary>
    int Run(ProcessSpec spec);
}
