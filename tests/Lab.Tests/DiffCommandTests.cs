namespace FromScratch.Lab.Tests;

public sealed class DiffCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public DiffCommandTests() => _repo.AddWalLab();

    [Fact]
    [Trait("Step", "00")]
    public void Diff_summarises_the_files_then_runs_git_diff_on_kept_copies_named_reference_and_yours()
    {
        LabRun.Of(_repo.Root, ["start", "db-02", "learner"]).ExitCode.Should().Be(0);
        StartReader();
        _repo.Write("learner/Wal/Extra.cs", "// mine");
        File.Delete(_repo.PathOf("learner/Wal/RecordType.cs"));
        _repo.Write("learner/Wal/obj/Generated.cs", "// build output");
        var copies = new List<string>();

        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "learner", "--", "--stat"],
            onRun: spec => copies.AddRange(Directory.EnumerateFiles(spec.WorkingDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(spec.WorkingDirectory, f))));

        run.ExitCode.Should().Be(1, "the sources differ");
        run.Output.Should().Contain("Wal: labs/db-02-write-ahead-log/src/Wal (reference) vs")
            .And.Contain("0 files the same, 1 changed, 1 not started, 1 only in the reference, 1 only in yours")
            .And.Contain("changed:           LogReader.cs").And.Contain("not started:       LogFormat.cs (step 01)")
            .And.Contain("only in reference: RecordType.cs").And.Contain("only in yours:     Extra.cs");
        run.Single.FileName.Should().Be("git");
        run.Single.Arguments.Should().Equal("diff", "--no-index", "--stat", "--", "reference", "yours");
        copies.Select(c => c.Replace('\\', '/')).Should().BeEquivalentTo(
            ["reference/LogReader.cs", "reference/RecordType.cs", "yours/LogReader.cs", "yours/Extra.cs"],
            "a file not started is no part of the line diff");
        run.Single.WorkingDirectory.Should().Be(_repo.PathOf("my-work/.lab/diff/db-02-write-ahead-log/Wal"));
        Directory.Exists(run.Single.WorkingDirectory).Should().BeTrue("the copies stay, so the printed git command can be run again");
        run.Output.Should().Contain($"(in {run.Single.WorkingDirectory}) $ git diff --no-index --stat -- reference yours");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Untouched_stubs_of_later_steps_are_not_started_not_changed_and_do_not_fail_the_diff()
    {
        // LogPosition's starter keeps its ToString whole: a file as lab start wrote it is not started
        // either, even where not every body is a stub.
        _repo.Write("labs/db-02-write-ahead-log/src/Wal/LogPosition.cs", """
            namespace FromScratch.Wal;

            /// <summary>A position.</summary>
            public sealed class LogPosition
            {
                /// <summary>The block.</summary>
                public int Block { get; init; }

                /// <summary>The next block's position.</summary>
                public LogPosition Next() => new() { Block = Block + 1 };

                /// <inheritdoc />
                public override string ToString() => $"block {Block}";
            }
            """);
        _repo.Write("labs/db-02-write-ahead-log/steps/02-reader.md", "# Step 02\n\n## Key code\n\nReference: `src/Wal/LogReader.cs` (`LogReader`), `src/Wal/LogPosition.cs`.\n");
        var start = LabRun.Of(_repo.Root, ["start", "db-02", "learner"]);
        start.ExitCode.Should().Be(0, start.Error);
        File.Copy(_repo.PathOf("labs/db-02-write-ahead-log/src/Wal/LogFormat.cs"), _repo.PathOf("learner/Wal/LogFormat.cs"), overwrite: true);

        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "learner"]);

        run.ExitCode.Should().Be(0, "step 01 is done as the reference does it; step 02 is not begun: {0}", run.Output);
        run.Output.Should().Contain("2 files the same, 0 changed, 2 not started, 0 only in the reference, 0 only in yours")
            .And.Contain("not started:       LogReader.cs (step 02)").And.Contain("not started:       LogPosition.cs (step 02)")
            .And.NotContain("changed:   ");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Step_limits_the_comparison_to_the_files_of_steps_up_to_it()
    {
        LabRun.Of(_repo.Root, ["start", "db-02", "learner"]).ExitCode.Should().Be(0);
        File.Copy(_repo.PathOf("labs/db-02-write-ahead-log/src/Wal/LogFormat.cs"), _repo.PathOf("learner/Wal/LogFormat.cs"), overwrite: true);
        StartReader();

        var upTo01 = LabRun.Of(_repo.Root, ["diff", "db-02", "learner", "--step", "1"]);
        var all = LabRun.Of(_repo.Root, ["diff", "db-02", "learner"]);

        upTo01.ExitCode.Should().Be(0);
        upTo01.Output.Should().Contain("steps 01-01").And.Contain("2 files the same, 0 changed, 0 not started, 0 only in the reference, 0 only in yours; 1 files of steps after 01 not compared");
        all.ExitCode.Should().Be(1);
        all.Output.Should().Contain("changed:           LogReader.cs");
        LabRun.Of(_repo.Root, ["diff", "db-02", "learner", "--step", "x"]).ExitCode.Should().Be(2);
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
        run.Output.Should().Contain("3 files the same, 0 changed, 0 not started, 0 only in the reference, 0 only in yours");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Without_git_the_summary_stays_and_a_note_says_why_there_is_no_line_diff()
    {
        LabRun.Of(_repo.Root, ["start", "db-02", "learner"]).ExitCode.Should().Be(0);
        StartReader();

        var run = LabRun.Of(_repo.Root, ["diff", "db-02", "learner"],
            onRun: _ => throw new LabCommandException("cannot start 'git': No such file or directory. Is it installed and on PATH?"));

        run.ExitCode.Should().Be(1, "the sources still differ");
        run.Output.Should().Contain("changed:           LogReader.cs");
        run.Error.Should().Contain("note: no line diff").And.Contain("Install git");
    }

    // The learner's first line of code in LogReader: one stub replaced by a body.
    private void StartReader()
    {
        var path = _repo.PathOf("learner/Wal/LogReader.cs");
        var text = File.ReadAllText(path);
        var stub = text.IndexOf("public bool TryRead(out int length) => throw", StringComparison.Ordinal);
        stub.Should().BeGreaterThan(0);
        var end = text.IndexOf(';', stub);
        File.WriteAllText(path, string.Concat(text.AsSpan(0, stub), "public bool TryRead(out int length) { length = 0; return false; }", text.AsSpan(end + 1)));
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
