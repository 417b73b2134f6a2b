namespace FromScratch.Lab.Tests;

public sealed class BenchCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public BenchCommandTests() => _repo.AddLab(Catalog.Find("db-02")!, "Wal", benchmarks: true);

    [Fact]
    [Trait("Step", "00")]
    public void Bench_runs_all_benchmarks_in_release_with_the_short_job()
    {
        var run = LabRun.Of(_repo.Root, ["bench", "db-02"]);

        run.ExitCode.Should().Be(0);
        run.Single.Arguments.Should().Equal(
            "run", "-c", "Release", "--project", "labs/db-02-write-ahead-log/src/Wal.Benchmarks", "--", "--filter", "*", "--job", "short");
        run.Output.Should().Contain("$ dotnet run -c Release --project labs/db-02-write-ahead-log/src/Wal.Benchmarks -- --filter '*' --job short");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_job_or_filter_after_double_dash_replaces_the_default()
    {
        var job = LabRun.Of(_repo.Root, ["bench", "db-02", "--", "--job", "dry"]);
        var filter = LabRun.Of(_repo.Root, ["bench", "db-02", "--", "--filter", "*Crc*", "--memory"]);

        job.Single.Arguments.Should().EndWith(["--", "--filter", "*", "--job", "dry"]);
        filter.Single.Arguments.Should().EndWith(["--", "--job", "short", "--filter", "*Crc*", "--memory"]);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_command_of_the_benchmark_program_gets_its_arguments_without_the_defaults()
    {
        var compare = LabRun.Of(_repo.Root, ["bench", "db-02", "--", "compare", "--num", "1000"]);

        compare.Single.Arguments.Should().Equal(
            "run", "-c", "Release", "--project", "labs/db-02-write-ahead-log/src/Wal.Benchmarks", "--", "compare", "--num", "1000");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_without_benchmarks_is_a_clear_error()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile");

        var run = LabRun.Of(_repo.Root, ["bench", "db-01"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("db-01 has no benchmarks");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void The_benchmark_exit_code_is_returned()
    {
        var run = LabRun.Of(_repo.Root, ["bench", "db-02"], childExitCode: 3);

        run.ExitCode.Should().Be(3);
    }

    public void Dispose() => _repo.Dispose();
}
