namespace FromScratch.Lab.Grading;

/// <summary>A step's line in a grade: how many of its tests passed, failed, were skipped.</summary>
/// <param name="Step">"01".."99".</param>
/// <param name="Title">The step guide's file name without .md ("03-checksums"), or "" for a step with no guide.</param>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failed">Tests that failed.</param>
/// <param name="Skipped">Tests skipped or not run.</param>
/// <param name="FailedTests">The names of the failed tests, with their first message line.</param>
/// <param name="NotBuilt">The step has tests in a test project that did not build against the implementation.</param>
internal sealed record StepGrade(string Step, string Title, int Passed, int Failed, int Skipped, IReadOnlyList<string> FailedTests, bool NotBuilt = false)
{
    /// <summary>All tests of the step.</summary>
    public int Total => Passed + Failed + Skipped;

    /// <summary>"not built", "failed", "passed" (no failure, at least one pass), "no tests", or "skipped" (only skipped tests).</summary>
    public string Status => NotBuilt ? "not built" : Failed > 0 ? "failed" : Total == 0 ? "no tests" : Passed > 0 ? "passed" : "skipped";

    /// <summary>Whether the step counts against the grade: it failed, or its tests did not build.</summary>
    public bool IsFailure => NotBuilt || Failed > 0;
}
