using System.Text.Json;

namespace FromScratch.Lab.Tests;

public sealed class GradeCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public GradeCommandTests()
    {
        _repo.AddWalLab();
        _repo.Write("learner/Wal/Wal.csproj", "<Project />");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Grade_runs_the_tests_with_an_xunit_report_and_prints_a_row_per_step()
    {
        var run = LabRun.Of(_repo.Root, ["grade", "db-02", "--impl", "learner/Wal"], childExitCode: 0,
            onRun: Report(("A", "01", "Pass"), ("A2", "01", "Pass"), ("B", "02", "Pass")));

        run.ExitCode.Should().Be(0, run.Error);
        var arguments = run.Single.Arguments;
        arguments.Should().StartWith(["test", "--project", "labs/db-02-write-ahead-log/src/Wal.Tests", $"-p:LabImplementation={_repo.PathOf("learner/Wal/Wal.csproj")}", "--report-xunit", "--report-xunit-filename", "Wal.xml", "--results-directory"]);
        run.Output.Should().MatchRegex(@"\| 01\s+\| 01-format\s+\| 2\s+\| 0\s+\| 0\s+\| 2\s+\| passed")
            .And.MatchRegex(@"\| 02\s+\| 02-reader\s+\| 1\s+\| 0\s+\| 0\s+\| 1\s+\| passed")
            .And.Contain("Every step with tests passed.");
        // The report stays where the learner can open it (dotnet test prints its path), in my-work/.lab/.
        ResultsDirectory(run).Should().Be(_repo.PathOf("my-work/.lab/grade/db-02-write-ahead-log"));
        File.Exists(_repo.PathOf("my-work/.lab/grade/db-02-write-ahead-log/Wal.xml")).Should().BeTrue();
        run.Output.Should().Contain("(report: my-work/.lab/grade/db-02-write-ahead-log/Wal.xml)");
        File.ReadAllText(_repo.PathOf("my-work/.gitignore")).Should().Contain("*", "git ignores the reports");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_failed_test_fails_its_step_and_the_grade_and_the_json_says_which()
    {
        var json = _repo.PathOf("out/grade.json");

        var run = LabRun.Of(_repo.Root, ["grade", "2", "--impl", "learner/Wal/Wal.csproj", "--json", "out/grade.json"], childExitCode: 2,
            onRun: Report(("A", "01", "Pass"), ("B", "02", "Fail"), ("C", "02", "Skip")));

        run.ExitCode.Should().Be(1);
        run.Output.Should().MatchRegex(@"\| 02\s+\| 02-reader\s+\| 0\s+\| 1\s+\| 1\s+\| 2\s+\| failed").And.Contain("Not passed: step 02");
        using var grade = JsonDocument.Parse(File.ReadAllText(json));
        var root = grade.RootElement;
        root.GetProperty("lab").GetString().Should().Be("db-02-write-ahead-log");
        root.GetProperty("passed").GetBoolean().Should().BeFalse();
        var steps = root.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        steps["01"].GetProperty("status").GetString().Should().Be("passed");
        steps["02"].GetProperty("status").GetString().Should().Be("failed");
        steps["02"].GetProperty("failedTests").EnumerateArray().Single().GetString().Should().Be("B: B broke");
        root.GetProperty("totals").GetProperty("total").GetInt32().Should().Be(3);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_step_guide_without_tests_is_shown_as_such_and_does_not_pass()
    {
        _repo.Write("labs/db-02-write-ahead-log/steps/03-measure.md", "# Step 03\n");

        var run = LabRun.Of(_repo.Root, ["grade", "db-02", "--impl", "learner/Wal"], onRun: Report(("A", "01", "Pass"), ("B", "02", "Pass")));

        run.ExitCode.Should().Be(0);
        run.Output.Should().MatchRegex(@"\| 03\s+\| 03-measure\s+\| 0\s+\| 0\s+\| 0\s+\| 0\s+\| no tests");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Tests_that_do_not_build_against_the_implementation_make_their_steps_not_built()
    {
        var run = LabRun.Of(_repo.Root, ["grade", "db-02", "--impl", "learner/Wal"], childExitCode: 1);

        run.ExitCode.Should().Be(1);
        run.Output.Should().Contain("did not build against labs/db-02-write-ahead-log/src/Wal.Tests")
            .And.MatchRegex(@"\| 01 .*\| not built").And.MatchRegex(@"\| 02 .*\| not built");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Only_skipped_tests_are_no_pass()
    {
        var run = LabRun.Of(_repo.Root, ["grade", "db-02", "--impl", "learner/Wal"], onRun: Report(("A", "01", "Skip")));

        run.ExitCode.Should().Be(1, "a grade with no passing test is no pass");
        run.Output.Should().MatchRegex(@"\| 01 .*\| skipped");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Grade_needs_an_implementation()
    {
        var run = LabRun.Of(_repo.Root, ["grade", "db-02"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--impl");
        run.Runs.Should().BeEmpty();
    }

    // Plays dotnet test: writes the xunit report the arguments ask for.
    private static Action<ProcessSpec> Report(params (string Name, string Step, string Result)[] tests) => spec =>
    {
        var args = spec.Arguments.ToList();
        var path = Path.Combine(args[args.IndexOf("--results-directory") + 1], args[args.IndexOf("--report-xunit-filename") + 1]);
        var body = string.Concat(tests.Select(t =>
            $"<test name=\"{t.Name}\" result=\"{t.Result}\"><traits><trait name=\"Step\" value=\"{t.Step}\" /></traits>"
            + (t.Result == "Fail" ? $"<failure><message>{t.Name} broke\nat line 2</message></failure>" : "") + "</test>"));
        File.WriteAllText(path, $"<?xml version=\"1.0\"?><assemblies><assembly><collection>{body}</collection></assembly></assemblies>");
    };

    private static string ResultsDirectory(LabRun run)
    {
        var args = run.Single.Arguments.ToList();
        return args[args.IndexOf("--results-directory") + 1];
    }

    public void Dispose() => _repo.Dispose();
}
