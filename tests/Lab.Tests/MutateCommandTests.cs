namespace FromScratch.Lab.Tests;

public sealed class MutateCommandTests : IDisposable
{
    private const string PageFileDir = "labs/db-01-storage-primitives/src/PageFile";
    private readonly TempRepository _repo = new();

    // db-01 as the repository has it: PageFile (built on shared/) and the shared library's tests
    // in tests/Shared.Tests; db-03 with a test project that also builds PageFile; a test project
    // of the tools that builds neither.
    public MutateCommandTests()
    {
        _repo.AddLab(Catalog.Find("db-01")!, "PageFile", extraSolutionProjects: ["../../shared/Shared.csproj", "../../tests/Shared.Tests/Shared.Tests.csproj"]);
        _repo.Write($"{PageFileDir}/PageFile.csproj", Project("../../../../shared/Shared.csproj"));
        _repo.Write($"{PageFileDir}/PageFile.cs", "class PageFile {}\n");
        _repo.Write("shared/Shared.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        _repo.Write("shared/Checksums/Crc32C.cs", "class Crc32C {}\n");
        _repo.Write("tests/Shared.Tests/Shared.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <LabComponent>Shared</LabComponent>
                <LabReferenceImplementation>$(MSBuildThisFileDirectory)../../shared/Shared.csproj</LabReferenceImplementation>
              </PropertyGroup>
            </Project>
            """);
        _repo.Write("tests/Lab.Tests/Lab.Tests.csproj", Project("../../tools/Lab/Lab.csproj"));
        _repo.Write("tools/Lab/Lab.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        var db03 = Catalog.Find("db-03")!;
        _repo.AddLab(db03, "CrashHarness", extraSolutionProjects: ["src/CrashHarness.Workloads.Tests/CrashHarness.Workloads.Tests.csproj"]);
        _repo.Write($"labs/{db03.Id}/src/CrashHarness.Workloads/CrashHarness.Workloads.csproj",
            Project("../CrashHarness/CrashHarness.csproj", "../../../db-01-storage-primitives/src/PageFile/PageFile.csproj"));
        _repo.Write($"labs/{db03.Id}/src/CrashHarness.Workloads.Tests/CrashHarness.Workloads.Tests.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <LabComponent>CrashHarness.Workloads</LabComponent>\n  </PropertyGroup>\n</Project>\n");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Mutate_runs_stryker_in_the_library_folder_with_every_test_project_that_builds_it()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01"]);

        run.ExitCode.Should().Be(0);
        run.Single.FileName.Should().Be("dotnet");
        run.Single.WorkingDirectory.Should().Be(_repo.PathOf(PageFileDir));
        run.Single.Arguments.Should().Equal(
            "stryker", "--test-runner", "mtp", "--project", "PageFile.csproj",
            "--test-project", "../PageFile.Tests/PageFile.Tests.csproj",
            "--test-project", "../../../db-03-crash-consistency/src/CrashHarness.Workloads.Tests/CrashHarness.Workloads.Tests.csproj",
            "--output", "../../../../StrykerOutput/PageFile",
            "--reporter", "Progress", "--reporter", "Html", "--reporter", "Json", "--skip-version-check");
        run.Output.Should().Contain($"(in {_repo.PathOf(PageFileDir)}) $ dotnet stryker --test-runner mtp --project PageFile.csproj");
    }

    [Fact]
    [Trait("Step", "00")]
    public void The_shared_library_is_mutated_against_its_own_tests_and_every_project_built_on_it()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", "Shared"]);

        run.ExitCode.Should().Be(0);
        run.Single.WorkingDirectory.Should().Be(_repo.PathOf("shared"));
        TestProjects(run.Single).Should().Equal(
            "../labs/db-01-storage-primitives/src/PageFile.Tests/PageFile.Tests.csproj",
            "../labs/db-03-crash-consistency/src/CrashHarness.Workloads.Tests/CrashHarness.Workloads.Tests.csproj",
            "../tests/Shared.Tests/Shared.Tests.csproj");
        run.Single.Arguments.Should().ContainInConsecutiveOrder("--project", "Shared.csproj");
        run.Single.Arguments.Should().ContainInConsecutiveOrder("--output", "../StrykerOutput/Shared");
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("shared")]
    [InlineData("Shared.csproj")]
    public void The_project_name_is_matched_without_case_or_extension(string name)
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", name]);

        run.ExitCode.Should().Be(0);
        run.Single.WorkingDirectory.Should().Be(_repo.PathOf("shared"));
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("Checksums/Crc32C.cs", "**/Checksums/Crc32C.cs", "../StrykerOutput/Shared--Checksums-Crc32C.cs")]
    [InlineData("Checksums", "**/Checksums/**/*.cs", "../StrykerOutput/Shared--Checksums")]
    [InlineData("Checksums/", "**/Checksums/**/*.cs", "../StrykerOutput/Shared--Checksums")]
    public void File_mutates_one_file_or_folder_with_the_same_tests_and_its_own_report(string file, string glob, string output)
    {
        var whole = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", "Shared"]);
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", "Shared", "--file", file]);

        run.ExitCode.Should().Be(0);
        run.Single.Arguments.Should().ContainInConsecutiveOrder("--mutate", glob);
        run.Single.Arguments.Should().ContainInConsecutiveOrder("--output", output);
        TestProjects(run.Single).Should().Equal(TestProjects(whole.Single));
    }

    [Fact]
    [Trait("Step", "00")]
    public void File_can_be_repeated_and_each_becomes_a_mutate_pattern()
    {
        _repo.Write("shared/Coding/Varint.cs", "class Varint {}\n");

        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", "Shared", "--file", "Checksums", "--file", "Coding/Varint.cs"]);

        run.ExitCode.Should().Be(0);
        run.Single.Arguments.Should().ContainInConsecutiveOrder("--mutate", "**/Checksums/**/*.cs", "--mutate", "**/Coding/Varint.cs");
        run.Single.Arguments.Should().ContainInConsecutiveOrder("--output", "../StrykerOutput/Shared--Checksums--Coding-Varint.cs");
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("Checksums/Missing.cs", "is neither a .cs file nor a folder of shared")]
    [InlineData("Shared.csproj", "is neither a .cs file nor a folder of shared")]
    [InlineData("../labs", "must be a path inside shared")]
    [InlineData("/", "must be a path inside shared")]
    public void A_file_outside_the_library_is_a_usage_error(string file, string message)
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", "Shared", "--file", file]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(message);
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void An_unknown_project_is_a_usage_error_that_lists_the_labs_libraries()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--project", "Wal"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("db-01 has no library 'Wal'; its libraries are PageFile, Shared.");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_lab_with_several_libraries_runs_one_stryker_per_library_and_file_needs_project()
    {
        var db03 = Catalog.Find("db-03")!;
        _repo.Write($"labs/{db03.Id}/src/CrashHarness.Workloads/Workload.cs", "class Workload {}\n");

        var all = LabRun.Of(_repo.Root, ["mutate", "db-03"]);
        var file = LabRun.Of(_repo.Root, ["mutate", "db-03", "--file", "Workload.cs"]);

        all.Runs.Select(r => Path.GetFileName(r.WorkingDirectory)).Should().Equal("CrashHarness", "CrashHarness.Workloads");
        file.ExitCode.Should().Be(2);
        file.Error.Should().Contain("--file needs one library, and db-03 has 2 (CrashHarness, CrashHarness.Workloads): add --project <name>.");
        file.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Unknown_options_and_arguments_after_double_dash_go_to_stryker()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01", "--concurrency", "1", "--", "--since", "main"]);

        run.Single.Arguments.Should().EndWith(["--skip-version-check", "--concurrency", "1", "--since", "main"]);
    }

    [Fact]
    [Trait("Step", "00")]
    public void After_a_run_the_score_and_every_undetected_mutant_are_printed()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01"], onRun: spec => WriteReport(spec, """
            {"schemaVersion": "1", "projectRoot": "/repo/src/PageFile", "files": {
              "/repo/src/PageFile/Pages/PageFile.cs": {"language": "cs", "source": "", "mutants": [
                {"id": "1", "mutatorName": "Statement mutation", "replacement": ";", "status": "Survived", "location": {"start": {"line": 40, "column": 9}, "end": {"line": 40, "column": 30}}},
                {"id": "2", "mutatorName": "Equality mutation", "replacement": "a <= b", "status": "Killed", "location": {"start": {"line": 12, "column": 1}, "end": {"line": 12, "column": 5}}},
                {"id": "3", "mutatorName": "Block removal mutation", "replacement": "{\n}", "status": "NoCoverage", "location": {"start": {"line": 7, "column": 1}, "end": {"line": 9, "column": 2}}},
                {"id": "4", "mutatorName": "Equality mutation", "replacement": "x", "status": "Timeout", "location": {"start": {"line": 3, "column": 1}, "end": {"line": 3, "column": 2}}},
                {"id": "5", "mutatorName": "String mutation", "replacement": "\"\"", "status": "CompileError", "location": {"start": {"line": 5, "column": 1}, "end": {"line": 5, "column": 2}}},
                {"id": "6", "mutatorName": "Equality mutation", "replacement": "y", "status": "Killed", "location": {"start": {"line": 2, "column": 1}, "end": {"line": 2, "column": 2}}}
              ]}}}
            """));

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("labs/db-01-storage-primitives/src/PageFile/PageFile.csproj: score 60.0 %: 2 killed, 1 timeout, 1 survived, 1 no coverage (1 not counted: compile errors, ignored)");
        run.Output.Should().Contain("tests: PageFile.Tests, CrashHarness.Workloads.Tests");
        run.Output.Should().Contain("no coverage Pages/PageFile.cs:7 Block removal mutation: { }");
        run.Output.Should().Contain("survived    Pages/PageFile.cs:40 Statement mutation: ;");
        run.Output.IndexOf("PageFile.cs:7 ", StringComparison.Ordinal).Should().BeLessThan(run.Output.IndexOf("PageFile.cs:40 ", StringComparison.Ordinal));
        run.Output.Should().NotContain("a <= b");
        run.Output.Should().Contain("report: StrykerOutput/PageFile/reports/mutation-report.html");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_failed_run_returns_strykers_exit_code_and_prints_no_score()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01"], childExitCode: 1);

        run.ExitCode.Should().Be(1);
        run.Output.Should().NotContain("score");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_run_without_a_json_report_says_so()
    {
        var run = LabRun.Of(_repo.Root, ["mutate", "db-01"]);

        run.ExitCode.Should().Be(0);
        run.Error.Should().Contain("note: Stryker wrote no StrykerOutput/PageFile/reports/mutation-report.json");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_report_with_no_counted_mutant_has_no_score()
    {
        var report = new MutationReport(0, 0, 0, 0, 3, []);

        report.Score.Should().BeNull();
        report.Summary().Should().StartWith("score n/a: ");
    }

    private static IReadOnlyList<string> TestProjects(ProcessSpec spec) =>
        spec.Arguments.Select((a, i) => (a, i)).Where(p => p.a == "--test-project").Select(p => spec.Arguments[p.i + 1]).ToList();

    private static void WriteReport(ProcessSpec spec, string json)
    {
        var output = spec.Arguments[spec.Arguments.ToList().IndexOf("--output") + 1];
        var path = Path.Combine(spec.WorkingDirectory, output, "reports", "mutation-report.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    private static string Project(params string[] references) =>
        "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n"
        + string.Concat(references.Select(r => $"    <ProjectReference Include=\"{r}\" />\n"))
        + "  </ItemGroup>\n</Project>\n";

    public void Dispose() => _repo.Dispose();
}
