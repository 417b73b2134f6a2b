using FromScratch.Lab.Conformance;

namespace FromScratch.Lab.Tests;

public sealed class DemoCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    [Fact]
    [Trait("Step", "00")]
    public void Demo_runs_the_lab_demo_project_in_release()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile", demo: true);

        var run = LabRun.Of(_repo.Root, ["demo", "1"]);

        run.ExitCode.Should().Be(0);
        run.Single.Arguments.Should().Equal("run", "-c", "Release", "--project", "labs/db-01-storage-primitives/src/PageFile.Demo");
        run.Output.Should().Contain("$ dotnet run -c Release --project labs/db-01-storage-primitives/src/PageFile.Demo");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Arguments_after_double_dash_go_to_the_demo()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile", demo: true);

        var run = LabRun.Of(_repo.Root, ["demo", "db-01", "--", "--pages", "8"]);

        run.Single.Arguments.Should().EndWith(["--project", "labs/db-01-storage-primitives/src/PageFile.Demo", "--", "--pages", "8"]);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_without_a_demo_is_a_clear_error()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile");

        var run = LabRun.Of(_repo.Root, ["demo", "db-01"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("db-01 has no demo").And.Contain("src/<Component>.Demo/<Component>.Demo.csproj");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Without_a_lab_the_demo_of_the_furthest_complete_lab_with_a_demo_runs()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile", demo: true);
        _repo.AddLab(Catalog.Find("db-02")!, "Wal", demo: true);
        _repo.AddLab(Catalog.Find("db-03")!, "Crash");
        _repo.AddLab(Catalog.Find("db-04")!, "Bitcask", demo: true);
        // db-03 is complete but has no demo; db-04 has one but is not complete.
        var complete = new HashSet<int> { 1, 2, 3 };

        var run = LabRun.Of(_repo.Root, ["demo"], statusOf: (_, lab) => complete.Contains(lab.Number) ? LabStatus.Complete : LabStatus.InProgress);

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("Showcase: db-02 Write-ahead log");
        run.Single.Arguments.Should().Contain("labs/db-02-write-ahead-log/src/Wal.Demo");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Without_a_lab_and_nothing_complete_says_so()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile", demo: true);

        var run = LabRun.Of(_repo.Root, ["demo"], statusOf: (_, _) => LabStatus.InProgress);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("no lab is complete yet").And.Contain("./lab demo db-01");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Demo_of_an_unknown_lab_exits_2()
    {
        var run = LabRun.Of(_repo.Root, ["demo", "nope"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("unknown lab 'nope'");
    }

    public void Dispose() => _repo.Dispose();
}
