using FromScratch.Lab.Conformance;

namespace FromScratch.Lab.Tests;

/// <summary>
/// `lab verify` on the small db-02 of <see cref="TempRepository.AddWalLab"/>, with the fake runner
/// playing dotnet test (it writes the xunit report a grade asks for). WorkflowTests runs the same
/// command with real builds on the fixture lab.
/// </summary>
public sealed class VerifyCommandTests : IDisposable
{
    private const string StarterFolder = "my-work/.lab/verify/db-02-write-ahead-log";
    private readonly TempRepository _repo = new();

    public VerifyCommandTests() => _repo.AddWalLab();

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_whose_starter_is_red_and_reference_green_passes_and_leaves_nothing_behind()
    {
        var run = LabRun.Of(_repo.Root, ["verify", "db-02"], onRun: PlayDotnetTest(starterPasses: false));

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        run.Runs.Should().HaveCount(2);
        run.Runs[0].Arguments.Should().Contain($"-p:LabImplementation={_repo.PathOf(StarterFolder + "/starter/Wal/Wal.csproj")}");
        run.Runs[1].Arguments.Should().Contain($"-p:LabImplementation={_repo.PathOf("labs/db-02-write-ahead-log/src/Wal/Wal.csproj")}");
        run.Output.Should().MatchRegex(@"\| db-02\s+\| same\s+\| red\s+\| green\s+\| \d+ s\s+\| passed").And.Contain("1 labs verified in");
        Directory.Exists(_repo.PathOf(StarterFolder)).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_stubbed_step_that_passes_against_the_starter_fails_the_lab_and_keeps_its_starter()
    {
        var run = LabRun.Of(_repo.Root, ["verify", "db-02"], onRun: PlayDotnetTest(starterPasses: true));

        run.ExitCode.Should().Be(1);
        run.Output.Should().Contain("db-02 red gate: not red: step 01, 02 passed against the starter, which stubs it").And.Contain("FAILED: db-02.");
        run.Error.Should().Contain($"the starter and the reports are kept in {_repo.PathOf(StarterFolder)}");
        File.Exists(_repo.PathOf(StarterFolder + "/starter/Wal/LogReader.cs")).Should().BeTrue();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Without_names_every_existing_lab_is_verified_and_a_lab_in_progress_is_skipped_with_the_reason()
    {
        _repo.AddLab(Catalog.Find("db-03")!, "CrashHarness");

        var run = LabRun.Of(_repo.Root, ["verify"], onRun: PlayDotnetTest(starterPasses: false),
            statusOf: (_, lab) => lab.ShortId == "db-02" ? LabStatus.Complete : LabStatus.InProgress);

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        run.Output.Should().MatchRegex(@"\| db-02 .*\| passed").And.MatchRegex(@"\| db-03 .*\| skipped")
            .And.Contain("db-03 skipped: in progress: only complete labs are verified unless named (./lab verify db-03)");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_named_lab_that_cannot_be_started_fails_with_the_reason()
    {
        _repo.AddLab(Catalog.Find("db-03")!, "CrashHarness");

        var run = LabRun.Of(_repo.Root, ["verify", "db-03"]);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("error: labs/db-03-crash-consistency/steps has no NN-*.md step guides");
        run.Output.Should().Contain("db-03 starter API: error").And.Contain("FAILED: db-03.");
    }

    // Plays dotnet test for a grade: the starter's tests fail with the stub's message (or pass, to
    // show a broken red gate); the reference's pass.
    private static Action<ProcessSpec> PlayDotnetTest(bool starterPasses) => spec =>
    {
        var args = spec.Arguments.ToList();
        var starter = args.Any(a => a.StartsWith("-p:LabImplementation=", StringComparison.Ordinal) && a.Contains("/.lab/verify/", StringComparison.Ordinal));
        var fail = starter && !starterPasses;
        var tests = new[] { ("A", "01", "01-format"), ("B", "02", "02-reader") }.Select(t =>
            $"<test name=\"{t.Item1}\" result=\"{(fail ? "Fail" : "Pass")}\"><traits><trait name=\"Step\" value=\"{t.Item2}\" /></traits>"
            + (fail ? $"<failure><message>System.NotImplementedException : Step {t.Item2}: X, see labs/db-02-write-ahead-log/steps/{t.Item3}.md</message></failure>" : "")
            + "</test>");
        var path = Path.Combine(args[args.IndexOf("--results-directory") + 1], args[args.IndexOf("--report-xunit-filename") + 1]);
        File.WriteAllText(path, $"<?xml version=\"1.0\"?><assemblies><assembly><collection>{string.Concat(tests)}</collection></assembly></assemblies>");
    };

    public void Dispose() => _repo.Dispose();
}
