using System.Text.RegularExpressions;

namespace FromScratch.Lab.Tests;

/// <summary>
/// The root test run's one check of the whole learner workflow with real builds, on the small
/// fixture lab (Fixtures/db-22-replicated-kv) in a throw-away repository: `lab verify db-22` starts
/// the starter (same public API as the reference), grades it (it builds, the lab's tests build
/// against it, every step it stubs is red), and grades the reference through --impl (green). The
/// same checks on every real lab are `./lab verify`, which .ci/run runs after the tests: per lab
/// they cost a build of the lab's tests twice, which the root run must not pay 23 times.
/// Also: what build/Lab.targets references in each case, read from MSBuild's own evaluation.
/// </summary>
public sealed partial class WorkflowTests : IDisposable
{
    private const string ServerTests = "labs/db-22-replicated-kv/src/Server.Tests";
    private readonly TempRepository _repo = new();

    public WorkflowTests() => _repo.AddFixtureLab();

    [Fact(Timeout = 10 * 60 * 1000)]
    [Trait("Step", "00")]
    public void Verify_starts_the_fixture_lab_grades_its_starter_red_and_its_reference_green()
    {
        var runner = new CapturingProcessRunner(TimeSpan.FromMinutes(4));
        var output = new StringWriter();

        var exitCode = LabRun.Real(_repo.Root, runner, ["verify", "db-22"], output);

        exitCode.Should().Be(0, "{0}\n{1}", output, runner.Output);
        output.ToString().Should().MatchRegex(@"\| db-22\s+\| same\s+\| red\s+\| green\s+\| \d+ s\s+\| passed");
        runner.Output.Should().Contain($"-p:LabImplementationFolder={_repo.PathOf("my-work/.lab/verify/db-22-replicated-kv/starter")}",
            "Server's tests also use Core, and take it from the starter folder");
        runner.Output.Should().Contain(_repo.PathOf("my-work/.lab/verify/db-22-replicated-kv/starter/Core/KeyValueLog.cs"),
            "the stack traces of the red gate's failures are in the starter's files: the tests ran the learner's code, not the reference's");
        Directory.Exists(_repo.PathOf("my-work/.lab/verify/db-22-replicated-kv")).Should().BeFalse("a lab that passed leaves nothing behind");
        Directory.EnumerateDirectories(_repo.PathOf(ServerTests + "/bin"), "impl-*").Should().BeEmpty("verify removes the builds it made");

        // Each failed test prints its message once (Microsoft.Testing.Platform 1.x printed it twice:
        // as the failure's explanation and again as the exception's first line).
        var failures = FailedTest().Matches(runner.Output).ToList();
        failures.Should().NotBeEmpty("the starter's tests fail");
        foreach (Match failure in failures)
        {
            var stub = StubMessage().Match(failure.Value);
            stub.Success.Should().BeTrue("the failure of {0} names the stub's step:\n{1}", failure.Groups["name"].Value, failure.Value);
            Regex.Count(failure.Value, Regex.Escape(stub.Value)).Should().Be(1, "the failure of {0} shows its message once:\n{1}", failure.Groups["name"].Value, failure.Value);
        }
    }

    [Fact(Timeout = 5 * 60 * 1000)]
    [Trait("Step", "00")]
    public void Lab_targets_takes_every_component_from_one_place()
    {
        _repo.Write("mine/Core/Core.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _repo.Write("mine/Server/Server.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../Core/Core.csproj\" /></ItemGroup></Project>");
        var server = _repo.PathOf("mine/Server/Server.csproj");

        var reference = References();
        var folder = References($"-p:LabImplementation={server}", $"-p:LabImplementationFolder={_repo.PathOf("mine")}");
        var single = References($"-p:LabImplementation={server}");

        reference.Should().Equal(_repo.PathOf("labs/db-22-replicated-kv/src/Server/Server.csproj"), _repo.PathOf("labs/db-22-replicated-kv/src/Core/Core.csproj"));
        folder.Should().Equal(server, _repo.PathOf("mine/Core/Core.csproj"));
        single.Should().Equal([server], "Core comes through the learner's own reference, whichever Core that is");
    }

    // The ProjectReference items of the fixture's Server.Tests as MSBuild evaluates them, full paths.
    private List<string> References(params string[] properties)
    {
        var runner = new CapturingProcessRunner(TimeSpan.FromMinutes(2));
        var code = runner.Run(new ProcessSpec("dotnet", ["msbuild", ServerTests, "-getItem:ProjectReference", .. properties], _repo.Root));
        code.Should().Be(0, runner.Output);
        return [.. Identity().Matches(runner.Output).Select(m => Path.GetFullPath(m.Groups[1].Value))];
    }

    [GeneratedRegex(@"""Identity"":\s*""([^""]+)""")]
    private static partial Regex Identity();

    // "failed Name (3ms)" and the indented lines under it, up to the next line that is not indented.
    [GeneratedRegex(@"(?m)^failed (?<name>\S+) \([^)]*\)\n(?:[ \t].*\n)*")]
    private static partial Regex FailedTest();

    // A starter stub's message: "Step 01: KeyValueLog.Append, see labs/.../01-key-value-log.md".
    [GeneratedRegex(@"Step \d\d: [^,\n]+, see \S+\.md")]
    private static partial Regex StubMessage();

    public void Dispose() => _repo.Dispose();
}
