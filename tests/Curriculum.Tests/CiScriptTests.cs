using System.Diagnostics;

namespace FromScratch.Curriculum.Tests;

/// <summary>
/// .ci/run computes its final line from the "Test run summary" block that dotnet test prints in
/// Microsoft.Testing.Platform mode. These tests feed its parser logs in that format (as dotnet
/// test 10.0.401 printed them) and check the totals it reads.
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

    private string ParseSummary(string log)
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
        start.ArgumentList.Add("--parse-summary");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue(".ci/run --parse-summary must finish quickly");
        process.ExitCode.Should().Be(0, "stderr: {0}", stderr.Result);
        return stdout.Result.Trim();
    }
}
