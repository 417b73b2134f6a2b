using System.Diagnostics;

namespace FromScratch.Curriculum.Tests;

/// <summary>
/// .ci/run computes its final line, and each test project's wall time, from the "Test run summary"
/// block that dotnet test prints in Microsoft.Testing.Platform mode. These tests feed its parsers
/// logs in that format (as dotnet test 10.0.401 printed them) and check what they read; and they
/// check the order of what the script runs.
/// </summary>
[Trait("Step", "00")]
public sealed class CiScriptTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fromscratch-ci-" + Guid.NewGuid().ToString("N"));

    public CiScriptTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parser_reads_the_totals_of_a_solution_run()
    {
        var log = """
            Running tests from /repo/A.Tests/bin/Debug/net10.0/A.Tests.dll (net10.0|x64)
            skipped TA.Sk
              why
            /repo/A.Tests/bin/Debug/net10.0/A.Tests.dll (net10.0|x64) passed (2s 205ms)
            /repo/B.Tests/bin/Debug/net10.0/B.Tests.dll (net10.0|x64) failed with 1 error(s) (2s 063ms)

            Test run summary: Failed!
              /repo/A.Tests/bin/Debug/net10.0/A.Tests.dll (net10.0|x64) passed (2s 205ms)
              /repo/B.Tests/bin/Debug/net10.0/B.Tests.dll (net10.0|x64) failed with 1 error(s) (2s 063ms)

              total: 6
              failed: 1
              succeeded: 3
              skipped: 2
              duration: 3s 054ms
            Test run completed with non-success exit code: 2 (see: https://aka.ms/testingplatform/exitcodes)
            """;
        ParseSummary(log).Should().Be("6 1 3 2");
    }

    [Fact]
    public void Parser_ignores_colour_codes_and_carriage_returns()
    {
        var log = "\u001b[32mTest run summary: Passed!\u001b[0m\r\n  total: 92\r\n  failed: 0\r\n  succeeded: 90\r\n  skipped: 2\r\n  duration: 2s\r\n";
        ParseSummary(log).Should().Be("92 0 90 2");
    }

    [Fact]
    public void Parser_finds_nothing_when_the_build_failed()
    {
        var log = "error CS1002: ; expected\nBuild failed with 1 error(s)\n";
        ParseSummary(log).Should().BeEmpty();
    }

    [Fact]
    public void Times_parser_reads_each_test_project_s_wall_time_slowest_first()
    {
        var log = """
            /repo/A.Tests/bin/Debug/net10.0/FromScratch.A.Tests.dll (net10.0|x64) passed (9s 000ms)

            Test run summary: Failed!
              /repo/A.Tests/bin/Debug/net10.0/FromScratch.A.Tests.dll (net10.0|x64) passed (2s 205ms)
              /repo/B.Tests/bin/Debug/net10.0/FromScratch.B.Tests.dll (net10.0|x64) failed with 1 error(s) (1m 02s 063ms)
              /repo/C.Tests/bin/Debug/net10.0/FromScratch.C.Tests.dll (net10.0|x64) passed (588ms)

              total: 6
              failed: 1
              succeeded: 3
              skipped: 2
              duration: 1m 03s 054ms
            """;
        Run("--parse-times", log).Should().Be("62.063 B.Tests failed\n2.205 A.Tests passed\n0.588 C.Tests passed");
    }

    [Fact]
    public void The_script_runs_lab_verify_after_the_readme_s_test_command_and_the_windows_wrapper_through_local_powershell()
    {
        var script = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".ci", "run"))
            .Select(l => l.Trim()).Where(l => !l.StartsWith('#')).ToList();
        var test = script.FindIndex(l => l.Contains("dotnet test 2>&1", StringComparison.Ordinal));
        var verify = script.FindIndex(l => l.Contains("./lab verify", StringComparison.Ordinal));

        test.Should().BeGreaterThan(0);
        verify.Should().BeGreaterThan(test, "lab verify runs after the README's test command");
        script.Should().Contain(l => l.Contains("\"dotnet tool restore\" \"dotnet pwsh lab.ps1 list\" \"dotnet pwsh lab.ps1 test db-01 --step 01\"", StringComparison.Ordinal));
        script.Should().Contain("export FROMSCRATCH_EXHAUSTIVE=1", "CI_EXHAUSTIVE=1 turns on the one switch for long runs");
        script.Should().Contain(l => l.StartsWith("optional_packages=(", StringComparison.Ordinal) && l.Contains("librocksdb-dev", StringComparison.Ordinal) && l.Contains("rocksdb-tools", StringComparison.Ordinal));
    }

    private string ParseSummary(string log) => Run("--parse-summary", log);

    private string Run(string mode, string log)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), ".ci/run is a bash script for Linux CI machines; it is not run on Windows.");
        var path = Path.Combine(_dir, "test.log");
        File.WriteAllText(path, log);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, ".ci", "run"));
        start.ArgumentList.Add(mode);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue(".ci/run {0} must finish quickly", mode);
        process.ExitCode.Should().Be(0, "stderr: {0}", stderr.Result);
        return stdout.Result.Trim();
    }
}
