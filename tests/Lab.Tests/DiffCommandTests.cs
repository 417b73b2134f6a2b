namespace FromScratch.Lab.Tests;

public sealed class DiffCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public DiffCommandTests() => _repo.AddWalLab();

    [Fact]
    [Trait("Step", "00")]
    public void Diff_summarises_the_files_then_runs_git_diff_on_copies_named_reference_and_yours()
    {
        LabRun.Of(_repo.Root, ["start", "db-02", "learner"]).ExitCode.Should().Be(0);
        _repo.Write("learner/Wal/Extra.cs", "// mine");
        File.Delete(_repo.PathOf("learner/Wal/RecordType.cs"));
        _repo.Write("learner/Wal/obj/Generated.cs", "// build output");
        var copies = new List<string>();

        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "learner", "--", "--stat"],
            onRun: spec => copies.AddRange(Directory.EnumerateFiles(spec.WorkingDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(spec.WorkingDirectory, f))));

        run.ExitCode.Should().Be(1, "the sources differ");
        run.Output.Should().Contain("Wal: labs/db-02-write-ahead-log/src/Wal (reference) vs")
            .And.Contain("0 files the same, 2 changed, 1 only in the reference, 1 only in yours")
            .And.Contain("changed:           LogFormat.cs").And.Contain("changed:           LogReader.cs")
            .And.Contain("only in reference: RecordType.cs").And.Contain("only in yours:     Extra.cs");
        run.Single.FileName.Should().Be("git");
        run.Single.Arguments.Should().Equal("diff", "--no-index", "--stat", "--", "reference", "yours");
        copies.Select(c => c.Replace('\\', '/')).Should().BeEquivalentTo(
            "reference/LogFormat.cs", "reference/LogReader.cs", "reference/RecordType.cs", "yours/LogFormat.cs", "yours/LogReader.cs", "yours/Extra.cs");
        Directory.Exists(run.Single.WorkingDirectory).Should().BeFalse("the copies are removed");
    }

    [Fact]
    [Trait("Step", "00")]
    public void The_same_sources_exit_0_without_running_git()
    {
        var learner = _repo.PathOf("learner/Wal");
        Directory.CreateDirectory(learner);
        foreach (var file in Directory.GetFiles(_repo.PathOf("labs/db-02-write-ahead-log/src/Wal"), "*.cs"))
        {
            File.Copy(file, Path.Combine(learner, Path.GetFileName(file)));
        }

        _repo.Write("learner/Wal/Wal.csproj", "<Project />");

        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "learner/Wal/Wal.csproj"]);

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("3 files the same, 0 changed, 0 only in the reference, 0 only in yours");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Without_git_the_summary_stays_and_a_note_says_why_there_is_no_line_diff()
    {
        LabRun.Of(_repo.Root, ["start", "db-02", "learner"]).ExitCode.Should().Be(0);

        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "learner"],
            onRun: _ => throw new LabCommandException("cannot start 'git': No such file or directory. Is it installed and on PATH?"));

        run.ExitCode.Should().Be(1, "the sources still differ");
        run.Output.Should().Contain("changed:           LogReader.cs");
        run.Error.Should().Contain("note: no line diff").And.Contain("Install git");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Diff_of_a_path_that_does_not_exist_is_a_usage_error()
    {
        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "nowhere"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("does not exist");
    }

    public void Dispose() => _repo.Dispose();
}
