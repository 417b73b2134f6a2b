namespace FromScratch.Lab.Tests;

/// <summary>`lab test --impl` on a starter folder (lab start's layout: one subfolder per project).</summary>
public sealed class TestStarterFolderTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public TestStarterFolderTests()
    {
        var db01 = Catalog.Find("db-01")!;
        _repo.Write("tests/Shared.Tests/Shared.Tests.csproj",
            "<Project><PropertyGroup><LabComponent>Shared</LabComponent><LabReferenceImplementation>$(MSBuildThisFileDirectory)../../shared/Shared.csproj</LabReferenceImplementation></PropertyGroup></Project>");
        _repo.Write("tests/Shared.Tests/CrcTests.cs", "[Fact]\n[Trait(\"Step\", \"03\")]\nvoid Crc() {}\n");
        _repo.AddLab(db01, "PageFile", "[Fact]\n[Trait(\"Step\", \"06\")]\nvoid Page() {}\n", extraSolutionProjects: ["../../tests/Shared.Tests/Shared.Tests.csproj"]);
        _repo.Write("my-work/db-01/Shared/Shared.csproj", "<Project />");
        _repo.Write("my-work/db-01/PageFile/PageFile.csproj", "<Project />");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_starter_folder_runs_each_project_against_its_own_test_project()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01"]);

        run.ExitCode.Should().Be(0);
        run.Runs.Select(r => string.Join(' ', r.Arguments)).Should().Equal(
            $"test --project labs/db-01-storage-primitives/src/PageFile.Tests -p:LabImplementation={_repo.PathOf("my-work/db-01/PageFile/PageFile.csproj")}",
            $"test --project tests/Shared.Tests -p:LabImplementation={_repo.PathOf("my-work/db-01/Shared/Shared.csproj")}");
    }

    [Fact]
    [Trait("Step", "00")]
    public void With_a_step_only_the_project_whose_tests_have_that_step_runs()
    {
        var shared = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01", "--step", "3"]);
        var pages = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01", "--step", "06"]);

        shared.Single.Arguments.Should().Equal("test", "--project", "tests/Shared.Tests", $"-p:LabImplementation={_repo.PathOf("my-work/db-01/Shared/Shared.csproj")}", "--filter-trait", "Step=03");
        pages.Single.Arguments.Should().ContainInOrder("--project", "labs/db-01-storage-primitives/src/PageFile.Tests");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Component_picks_one_project_of_a_starter_and_the_first_failure_is_the_exit_code()
    {
        var one = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01", "--component", "shared"]);
        var failing = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01"], childExitCode: 2);
        var unknown = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01", "--component", "Wal"]);

        one.Single.Arguments.Should().ContainInOrder("--project", "tests/Shared.Tests");
        failing.ExitCode.Should().Be(2);
        failing.Runs.Should().HaveCount(2, "every project is tested even when the first fails");
        unknown.ExitCode.Should().Be(2);
        unknown.Error.Should().Contain("has no project for 'Wal'");
    }

    public void Dispose() => _repo.Dispose();
}
