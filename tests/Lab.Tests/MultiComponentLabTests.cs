namespace FromScratch.Lab.Tests;

/// <summary>
/// `lab start`, `lab test --impl`, `lab grade` and `lab diff` on the fixture lab with several
/// components (Fixtures/db-22-replicated-kv: Core; Server, built on Core, whose tests also use Core;
/// Shell, a tool project no test grades). No build here: the commands they would run are checked
/// through the fake runner (WorkflowTests builds the same lab for real).
/// </summary>
public sealed class MultiComponentLabTests : IDisposable
{
    private const string Lab = "labs/db-22-replicated-kv";
    private const string Starter = "my-work/db-22-replicated-kv";
    private readonly TempRepository _repo = new();

    public MultiComponentLabTests() => _repo.AddFixtureLab();

    [Fact]
    [Trait("Step", "00")]
    public void Start_writes_each_component_and_the_dependent_one_builds_on_the_learner_s_other_component()
    {
        var run = LabRun.Of(_repo.Root, ["start", "db-22"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Error.Should().BeEmpty("both starters have the reference's public API");
        var server = File.ReadAllText(_repo.PathOf($"{Starter}/Server/Server.csproj"));
        server.Should().Contain("<ProjectReference Include=\"../Core/Core.csproj\" />", "Server builds on the learner's Core, not the reference's")
            .And.NotContain("src/Core");
        File.ReadAllText(_repo.PathOf($"{Starter}/Server/KeyValueServer.cs")).Should()
            .Contain("throw new NotImplementedException(\"Step 02: KeyValueServer.Handle, see labs/db-22-replicated-kv/steps/02-server.md\")");
        run.Output.Should().Contain("Core/Core.csproj: 2 files, 4 members to implement (steps 01)")
            .And.Contain("Server/Server.csproj: 1 files, 3 members to implement (steps 02)")
            .And.Contain("Shell/Shell.csproj: a tool project no test grades, given whole and built on your components");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Only_what_the_lab_s_steps_name_is_stubbed_and_every_other_file_is_kept_whole()
    {
        LabRun.Of(_repo.Root, ["start", "db-22"]).ExitCode.Should().Be(0);

        // Checksum.cs: no step names the file or its type: the work of an earlier lab, kept whole.
        File.ReadAllText(_repo.PathOf($"{Starter}/Core/Checksum.cs")).Should().Be(File.ReadAllText(_repo.PathOf($"{Lab}/src/Core/Checksum.cs")));
        // KeyValueLog.cs: step 01 names it: every member stubbed (step 02 naming KeyValueLog.Append changes nothing).
        File.ReadAllText(_repo.PathOf($"{Starter}/Core/KeyValueLog.cs")).Should()
            .Contain("Step 01: KeyValueLog.Append, see").And.Contain("Step 01: KeyValueLog.Digest, see").And.NotContain("_entries");
        // Shell: a tool project, its files as they are, its project built on the learner's Server.
        File.ReadAllText(_repo.PathOf($"{Starter}/Shell/Program.cs")).Should().Be(File.ReadAllText(_repo.PathOf($"{Lab}/src/Shell/Program.cs")));
        File.ReadAllText(_repo.PathOf($"{Starter}/Shell/Shell.csproj")).Should()
            .Contain("<ProjectReference Include=\"../Server/Server.csproj\" />").And.Contain("<OutputType>Exe</OutputType>");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Test_impl_on_the_starter_folder_gives_the_folder_to_the_test_project_that_also_uses_another_component()
    {
        LabRun.Of(_repo.Root, ["start", "db-22"]).ExitCode.Should().Be(0);

        var run = LabRun.Of(_repo.Root, ["test", "db-22", "--impl", Starter]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Runs.Select(r => string.Join(' ', r.Arguments)).Should().Equal(
            $"test --project {Lab}/src/Core.Tests -p:LabImplementation={_repo.PathOf($"{Starter}/Core/Core.csproj")}",
            $"test --project {Lab}/src/Server.Tests -p:LabImplementation={_repo.PathOf($"{Starter}/Server/Server.csproj")} -p:LabImplementationFolder={_repo.PathOf(Starter)}");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_single_project_gets_the_other_component_through_its_own_reference()
    {
        LabRun.Of(_repo.Root, ["start", "db-22"]).ExitCode.Should().Be(0);

        var run = LabRun.Of(_repo.Root, ["test", "db-22", "--impl", $"{Starter}/Server"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Single.Arguments.Should().Equal("test", "--project", $"{Lab}/src/Server.Tests", $"-p:LabImplementation={_repo.PathOf($"{Starter}/Server/Server.csproj")}");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_test_project_and_a_learner_project_built_on_two_projects_of_one_name_are_refused_before_any_build()
    {
        LabRun.Of(_repo.Root, ["start", "db-22"]).ExitCode.Should().Be(0);
        // The mistake Lab.targets' LabComponentReference prevents: the test project references the
        // reference Core itself, while the learner's Server builds on the learner's Core.
        _repo.Write($"{Lab}/src/Server.Tests/Server.Tests.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><LabComponent>Server</LabComponent></PropertyGroup><ItemGroup><ProjectReference Include=\"../Core/Core.csproj\" /></ItemGroup></Project>");

        var run = LabRun.Of(_repo.Root, ["test", "db-22", "--impl", $"{Starter}/Server"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain($"{Lab}/src/Server.Tests builds on {Lab}/src/Core/Core.csproj")
            .And.Contain($"{Starter}/Core/Core.csproj").And.Contain("two assemblies built from Core.csproj");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Grade_and_diff_work_per_component_of_the_starter()
    {
        LabRun.Of(_repo.Root, ["start", "db-22"]).ExitCode.Should().Be(0);

        var grade = LabRun.Of(_repo.Root, ["grade", "db-22", "--impl", Starter], childExitCode: 2);
        var diff = LabRun.Of(_repo.Root, ["diff", "db-22", Starter]);

        grade.Runs.Should().HaveCount(2);
        grade.Runs[1].Arguments.Should().Contain($"-p:LabImplementationFolder={_repo.PathOf(Starter)}");
        diff.ExitCode.Should().Be(0, "a starter nobody has begun differs only by files not started");
        diff.Output.Should().Contain("Core: labs/db-22-replicated-kv/src/Core (reference)")
            .And.Contain("1 files the same, 0 changed, 1 not started").And.Contain("not started:       KeyValueLog.cs (step 01)")
            .And.Contain("Server: labs/db-22-replicated-kv/src/Server (reference)");
        diff.Runs.Should().BeEmpty("there is no line diff of files not started");
    }

    public void Dispose() => _repo.Dispose();
}
