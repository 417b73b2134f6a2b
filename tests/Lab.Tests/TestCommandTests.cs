namespace FromScratch.Lab.Tests;

public sealed class TestCommandTests : IDisposable
{
    private static readonly LabInfo Db02 = Catalog.Find("db-02")!;
    private readonly TempRepository _repo = new();

    public TestCommandTests() => _repo.AddLab(Db02, "Wal", "[Fact] void A() {}\n");

    [Fact]
    [Trait("Step", "00")]
    public void Test_runs_dotnet_test_on_the_lab_solution_from_the_repository_root()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02"]);

        run.ExitCode.Should().Be(0);
        run.Single.FileName.Should().Be("dotnet");
        run.Single.Arguments.Should().Equal("test", "--solution", "labs/db-02-write-ahead-log/db-02-write-ahead-log.slnx");
        run.Single.WorkingDirectory.Should().Be(_repo.Root);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Test_prints_the_exact_command_before_running_it()
    {
        var run = LabRun.Of(_repo.Root, ["test", "2", "--step", "3"]);

        run.Output.Should().Contain("$ dotnet test --solution labs/db-02-write-ahead-log/db-02-write-ahead-log.slnx --filter-trait Step=03");
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("3", "Step=03")]
    [InlineData("03", "Step=03")]
    [InlineData("12", "Step=12")]
    [InlineData("99", "Step=99")]
    public void Step_becomes_a_two_digit_trait_filter(string step, string filter)
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--step", step]);

        run.Single.Arguments.Should().EndWith(["--filter-trait", filter]);
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("3a")]
    public void A_step_outside_1_to_99_is_a_usage_error(string step)
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--step", step]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain($"--step must be a step number from 1 to 99 (e.g. --step 03), got '{step}'");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void An_unknown_lab_exits_2_and_suggests_close_matches()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-o2"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("unknown lab 'db-o2'").And.Contain("db-02");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_planned_lab_without_a_folder_is_a_clear_error()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-05"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("labs/db-05-skiplist-memtable does not exist");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_folder_without_its_solution_is_a_clear_error()
    {
        File.Delete(_repo.PathOf("labs/db-02-write-ahead-log/db-02-write-ahead-log.slnx"));

        var run = LabRun.Of(_repo.Root, ["test", "db-02"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("labs/db-02-write-ahead-log/db-02-write-ahead-log.slnx is missing");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_runs_only_the_component_test_project_against_the_absolute_project_path()
    {
        _repo.Write("learner/MyWal/MyWal.csproj", "<Project />");
        var cwd = _repo.PathOf("learner");

        var run = LabRun.Of(cwd, ["test", "db-02", "--impl", "MyWal/MyWal.csproj", "--step", "02"]);

        run.ExitCode.Should().Be(0);
        run.Single.Arguments.Should().Equal(
            "test",
            "--project", "labs/db-02-write-ahead-log/src/Wal.Tests",
            $"-p:LabImplementation={_repo.PathOf("learner/MyWal/MyWal.csproj")}",
            "--filter-trait", "Step=02");
        run.Output.Should().Contain(
            $"(in {_repo.Root}) $ dotnet test --project labs/db-02-write-ahead-log/src/Wal.Tests -p:LabImplementation={_repo.PathOf("learner/MyWal/MyWal.csproj")} --filter-trait Step=02{Environment.NewLine}",
            "the printed command stays on one line however long the path");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_accepts_a_folder_holding_exactly_one_project()
    {
        _repo.Write("learner/MyWal/MyWal.csproj", "<Project />");

        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--impl", "learner/MyWal"]);

        run.Single.Arguments.Should().Contain($"-p:LabImplementation={_repo.PathOf("learner/MyWal/MyWal.csproj")}");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_that_does_not_exist_is_a_usage_error_naming_the_full_path()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--impl", "nowhere/MyWal.csproj"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain($"--impl: '{_repo.PathOf("nowhere/MyWal.csproj")}' does not exist");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_folder_with_no_or_several_projects_is_a_usage_error()
    {
        _repo.Write("empty/readme.txt", "");
        _repo.Write("two/A.csproj", "<Project />");
        _repo.Write("two/B.csproj", "<Project />");

        var none = LabRun.Of(_repo.Root, ["test", "db-02", "--impl", "empty"]);
        var two = LabRun.Of(_repo.Root, ["test", "db-02", "--impl", "two"]);

        none.ExitCode.Should().Be(2);
        none.Error.Should().Contain("holds no .csproj");
        two.ExitCode.Should().Be(2);
        two.Error.Should().Contain("holds 2 .csproj files (A.csproj, B.csproj)");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_that_is_not_a_project_file_is_a_usage_error()
    {
        _repo.Write("learner/Wal.cs", "");

        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--impl", "learner/Wal.cs"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("is not a .csproj file");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_picks_the_lab_own_component_unless_the_project_is_named_after_another()
    {
        var db01 = Catalog.Find("db-01")!;
        _repo.Write("tests/Shared.Tests/Shared.Tests.csproj", "<Project><PropertyGroup><LabComponent>Shared</LabComponent></PropertyGroup></Project>");
        _repo.AddLab(db01, "PageFile", extraSolutionProjects: ["../../tests/Shared.Tests/Shared.Tests.csproj"]);
        _repo.Write("mine/MyPages.csproj", "<Project />");
        _repo.Write("mine/Shared.csproj", "<Project />");

        var pages = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "mine/MyPages.csproj"]);
        var shared = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "mine/Shared.csproj"]);
        var named = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "mine/MyPages.csproj", "--component", "shared"]);

        pages.Single.Arguments.Should().ContainInOrder("--project", "labs/db-01-storage-primitives/src/PageFile.Tests");
        shared.Single.Arguments.Should().ContainInOrder("--project", "tests/Shared.Tests");
        named.Single.Arguments.Should().ContainInOrder("--project", "tests/Shared.Tests");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Impl_in_a_lab_with_several_components_needs_the_component()
    {
        var db04 = Catalog.Find("db-04")!;
        _repo.AddLab(db04, "Bitcask", extraSolutionProjects: ["src/KeyValue.Tests/KeyValue.Tests.csproj"]);
        _repo.Write("labs/db-04-log-structured-hash-kv/src/KeyValue.Tests/KeyValue.Tests.csproj",
            "<Project><PropertyGroup><LabComponent>KeyValue</LabComponent></PropertyGroup></Project>");
        _repo.Write("learner/Mine.csproj", "<Project />");

        var ambiguous = LabRun.Of(_repo.Root, ["test", "db-04", "--impl", "learner"]);
        var chosen = LabRun.Of(_repo.Root, ["test", "db-04", "--impl", "learner", "--component", "keyvalue"]);

        ambiguous.ExitCode.Should().Be(2);
        var unknown = LabRun.Of(_repo.Root, ["test", "db-04", "--impl", "learner", "--component", "Hash"]);

        ambiguous.ExitCode.Should().Be(2);
        ambiguous.Error.Should().Contain("several components (Bitcask, KeyValue)").And.Contain("--component");
        chosen.Single.Arguments.Should().ContainInOrder("--project", "labs/db-04-log-structured-hash-kv/src/KeyValue.Tests");
        unknown.ExitCode.Should().Be(2);
        unknown.Error.Should().Contain("has no component 'Hash'; its components are Bitcask, KeyValue");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Arguments_after_double_dash_go_to_dotnet_test()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--", "--list-tests"]);

        run.Single.Arguments.Should().EndWith(["--list-tests"]);
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    public void The_exit_code_is_the_child_s(int childExitCode)
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02"], childExitCode);

        run.ExitCode.Should().Be(childExitCode);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_step_with_no_tests_keeps_the_exit_code_and_says_why()
    {
        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--step", "42"], childExitCode: 8);

        run.ExitCode.Should().Be(8);
        run.Error.Should().Contain("no test of db-02 has the trait Step=42");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_step_found_in_one_test_project_ignores_zero_tests_in_the_others()
    {
        var db01 = Catalog.Find("db-01")!;
        _repo.Write("tests/Shared.Tests/Shared.Tests.csproj", "<Project><PropertyGroup><LabComponent>Shared</LabComponent></PropertyGroup></Project>");
        _repo.Write("tests/Shared.Tests/CrcTests.cs", "[Fact]\n[Trait(\"Step\", \"03\")]\nvoid Crc() {}\n");
        _repo.AddLab(db01, "PageFile", "[Fact]\n[Trait(\"Step\", \"06\")]\nvoid Page() {}\n// [Trait(\"Step\", \"07\")]\n",
            extraSolutionProjects: ["../../tests/Shared.Tests/Shared.Tests.csproj"]);

        var shared = LabRun.Of(_repo.Root, ["test", "db-01", "--step", "3"]);
        var own = LabRun.Of(_repo.Root, ["test", "db-01", "--step", "06"]);
        var commented = LabRun.Of(_repo.Root, ["test", "db-01", "--step", "07"], childExitCode: 8);

        shared.Single.Arguments.Should().EndWith(["--filter-trait", "Step=03", "--ignore-exit-code", "8"]);
        own.Single.Arguments.Should().EndWith(["--filter-trait", "Step=06", "--ignore-exit-code", "8"]);
        commented.Single.Arguments.Should().EndWith(["--filter-trait", "Step=07"], "a commented-out trait is no test");
        commented.ExitCode.Should().Be(8);
        commented.Error.Should().Contain("no test of db-01 has the trait Step=07");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_step_with_no_tests_in_the_impl_test_project_names_that_project()
    {
        _repo.Write("learner/MyWal.csproj", "<Project />");

        var run = LabRun.Of(_repo.Root, ["test", "db-02", "--impl", "learner", "--step", "05"], childExitCode: 8);

        run.Single.Arguments.Should().NotContain("--ignore-exit-code");
        run.ExitCode.Should().Be(8);
        run.Error.Should().Contain("no test in labs/db-02-write-ahead-log/src/Wal.Tests has the trait Step=05");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Options_the_lab_command_does_not_know_go_to_dotnet_test_before_those_after_the_double_dash()
    {
        var test = LabRun.Of(_repo.Root, ["test", "db-02", "--step", "1", "--filter-method", "*Reader*", "--", "--output", "Detailed"]);
        var grade = LabRun.Of(_repo.Root, ["grade", "db-02", "--impl", "labs/db-02-write-ahead-log/src/Wal", "--filter-method", "*Reader*"]);

        test.ExitCode.Should().Be(0, test.Error);
        test.Single.Arguments.Should().EndWith(["--filter-method", "*Reader*", "--output", "Detailed"]);
        grade.Single.Arguments.Should().EndWith(["--filter-method", "*Reader*"]);
    }

    [Fact]
    [Trait("Step", "00")]
    public void An_unknown_option_of_a_command_that_runs_no_tests_is_a_usage_error()
    {
        var run = LabRun.Of(_repo.Root, ["list", "--bogus"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--bogus").And.Contain("Run ./lab list --help");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void No_command_prints_the_help_listing_every_command()
    {
        var run = LabRun.Of(_repo.Root, []);

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("lab [command]").And.Contain("list").And.Contain("test <lab>").And.Contain("demo").And.Contain("bench <lab>");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_missing_lab_argument_is_a_usage_error()
    {
        var run = LabRun.Of(_repo.Root, ["test"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("Run ./lab test --help");
        run.Runs.Should().BeEmpty();
    }

    public void Dispose() => _repo.Dispose();
}
