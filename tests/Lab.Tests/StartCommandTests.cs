namespace FromScratch.Lab.Tests;

public sealed class StartCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "fromscratch-start-" + Guid.NewGuid().ToString("N"));

    public StartCommandTests() => _repo.AddWalLab();

    [Fact]
    [Trait("Step", "00")]
    public void Start_writes_the_starter_under_my_work_and_says_what_to_read_and_run_next()
    {
        var run = LabRun.Of(_repo.Root, ["start", "db-02"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty("the starter's API equals the reference's");
        var starter = _repo.PathOf("my-work/db-02-write-ahead-log");
        File.ReadAllText(Path.Combine(starter, "Wal/LogReader.cs")).Should()
            .Contain("public LogReader(byte[] data)")
            .And.Contain("throw new NotImplementedException(\"Step 02: new LogReader, see labs/db-02-write-ahead-log/steps/02-reader.md\");")
            .And.Contain("public bool TryRead(out int length) => throw new NotImplementedException(\"Step 02: LogReader.TryRead, see labs/db-02-write-ahead-log/steps/02-reader.md\");")
            .And.NotContain("Skip").And.NotContain("_data");
        File.ReadAllText(Path.Combine(starter, "Wal/LogFormat.cs")).Should().Contain("// block := record* trailer").And.Contain("public const int BlockSize = 32768;")
            .And.Contain("\"Step 01: LogFormat.Checksum, see labs/db-02-write-ahead-log/steps/01-format.md\"");
        File.ReadAllText(Path.Combine(starter, "Wal/RecordType.cs")).Should().Be(File.ReadAllText(_repo.PathOf("labs/db-02-write-ahead-log/src/Wal/RecordType.cs")));
        File.ReadAllText(_repo.PathOf("my-work/.gitignore")).Should().Contain("*");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "README.md", ".gitignore", "Wal/Wal.csproj" })
        {
            File.Exists(Path.Combine(starter, file)).Should().BeTrue(file);
        }

        run.Output.Should().Contain("Started db-02 Write-ahead log in my-work/db-02-write-ahead-log/")
            .And.Contain("same public API as the reference")
            .And.Contain("labs/db-02-write-ahead-log/CONCEPTS.md")
            .And.Contain("labs/db-02-write-ahead-log/steps/01-format.md")
            .And.Contain("./lab test db-02 --impl my-work/db-02-write-ahead-log --step 01");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void The_starter_project_references_what_the_reference_references_and_shields_itself_from_the_repository_settings()
    {
        _repo.Write("Directory.Packages.props", "<Project><ItemGroup><PackageVersion Include=\"System.IO.Hashing\" Version=\"10.0.3\" /></ItemGroup></Project>");
        _repo.Write("labs/db-02-write-ahead-log/src/Wal/Wal.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../../../../shared/Shared.csproj\" /><PackageReference Include=\"System.IO.Hashing\" /></ItemGroup></Project>");

        var inside = LabRun.Of(_repo.Root, ["start", "2"]);
        var outside = LabRun.Of(_repo.Root, ["start", "2", _outside]);

        inside.ExitCode.Should().Be(0);
        outside.ExitCode.Should().Be(0);
        var insideProject = File.ReadAllText(_repo.PathOf("my-work/db-02-write-ahead-log/Wal/Wal.csproj"));
        insideProject.Should().Contain("<ProjectReference Include=\"../../../shared/Shared.csproj\" />", "inside the repository the path is relative")
            .And.Contain("<PackageReference Include=\"System.IO.Hashing\" Version=\"10.0.3\" />")
            .And.Contain("<AssemblyName>FromScratch.Wal</AssemblyName>");
        File.ReadAllText(Path.Combine(_outside, "Wal/Wal.csproj")).Should().Contain($"<ProjectReference Include=\"{_repo.PathOf("shared/Shared.csproj")}\" />");
        var props = File.ReadAllText(_repo.PathOf("my-work/db-02-write-ahead-log/Directory.Build.props"));
        props.Should().Contain("<TargetFramework>net10.0</TargetFramework>").And.NotContain("Import", "the repository's Directory.Build.props must not apply");
        File.Exists(_repo.PathOf("my-work/db-02-write-ahead-log/Directory.Packages.props")).Should().BeTrue("it stops the repository's central package versions");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Start_never_overwrites_a_learner_s_work_unless_forced()
    {
        LabRun.Of(_repo.Root, ["start", "db-02", _outside]).ExitCode.Should().Be(0);
        var mine = Path.Combine(_outside, "Wal/LogReader.cs");
        File.WriteAllText(mine, "// my work");

        var again = LabRun.Of(_repo.Root, ["start", "db-02", _outside]);
        File.ReadAllText(mine).Should().Be("// my work");
        var forced = LabRun.Of(_repo.Root, ["start", "db-02", _outside, "--force"]);

        again.ExitCode.Should().Be(2);
        again.Error.Should().Contain("already exists and is not empty").And.Contain("--force");
        forced.ExitCode.Should().Be(0);
        File.ReadAllText(mine).Should().Contain("public sealed class LogReader");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_starter_inside_the_repository_source_folders_is_refused()
    {
        var run = LabRun.Of(_repo.Root, ["start", "db-02", "labs/db-02-write-ahead-log/src/Wal/mine"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("inside the repository's labs/ folder");
        Directory.Exists(_repo.PathOf("labs/db-02-write-ahead-log/src/Wal/mine")).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_without_step_guides_or_without_a_folder_is_a_clear_error()
    {
        _repo.AddLab(Catalog.Find("db-03")!, "CrashHarness");

        var noSteps = LabRun.Of(_repo.Root, ["start", "db-03"]);
        var planned = LabRun.Of(_repo.Root, ["start", "db-09"]);

        noSteps.ExitCode.Should().Be(2);
        noSteps.Error.Should().Contain("labs/db-03-crash-consistency/steps has no NN-*.md step guides");
        planned.ExitCode.Should().Be(2);
        planned.Error.Should().Contain("does not exist");
    }

    public void Dispose()
    {
        _repo.Dispose();
        if (Directory.Exists(_outside))
        {
            Directory.Delete(_outside, recursive: true);
        }
    }
}
