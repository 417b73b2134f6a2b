namespace FromScratch.Lab.Grading;

/// <summary>One test case's result in a run: its name, its Step trait, and how it ended.</summary>
/// <param name="Name">The test's display name (with theory arguments).</param>
/// <param name="Step">The value of its Step trait, "" when it has none.</param>
/// <param name="Result">"Pass", "Fail", "Skip" or "NotRun", as xunit writes it.</param>
/// <param name="Message">The failure message (first line), or null.</param>
internal sealed record TestOutcome(string Name, string Step, string Result, string? Message)
{
    /// <summary>Whether the test passed.</summary>
    public bool Passed => Result == "Pass";

    /// <summary>Whether the test failed.</summary>
    public bool Failed => Result == "Fail";
}
