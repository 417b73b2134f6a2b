using System.Text.Json;
using FromScratch.Lab.Starter;

namespace FromScratch.Lab.Tests.Starter;

/// <summary>
/// The red gate, for every lab, with real builds: `lab start` writes the starter outside the
/// repository, and `lab grade --impl` on it builds the starter, builds the lab's tests against it,
/// runs them, and reports every step the starter leaves to the learner as failed, the failures naming
/// NotImplementedException and the step guide. Slow (nested dotnet builds): trait Category=Slow.
/// The build is the one a learner's run does: the starter builds into its own (temporary) folder,
/// the repository's projects it references are up to date in place (the root build built them),
/// and the test project builds into its bin/impl-* and obj/impl-* folders, removed afterwards
/// (only those: see <see cref="ImplFolders"/>). Not --artifacts-path: it keys output folders by
/// project name, so a starter's Shared and the repository's Shared (which tests/Shared.Tests also
/// reaches through tests/TestSupport) would share one folder and the reference would overwrite the
/// learner's assembly.
/// </summary>
[Collection(NestedLabBuilds.Name)]
public sealed class StarterRedGateTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "fromscratch-starter-red-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _implementations = [];

    public static TheoryData<string> Labs => RealLabs.Existing();

    [Theory(Timeout = 15 * 60 * 1000)]
    [Trait("Step", "00")]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Labs))]
    public void Grading_the_generated_starter_builds_it_and_every_step_is_red(string lab)
    {
        var layout = RealLabs.Require(lab);
        var starter = Path.Combine(_work, "starter");
        _implementations.AddRange(layout.Components().Select(c => Path.Combine(starter, c.ProjectName, c.ProjectName + ".csproj")));
        var json = Path.Combine(_work, "grade.json");
        var runner = new CapturingProcessRunner(TimeSpan.FromMinutes(8));

        var start = LabRun.Of(RealLabs.Root, ["start", lab, starter]);
        start.ExitCode.Should().Be(0, start.Error);
        start.Error.Should().BeEmpty("the starter's API check must pass");
        var exitCode = LabRun.Real(RealLabs.Root, runner, ["grade", lab, "--impl", starter, "--json", json]);

        exitCode.Should().Be(GradeCommand.NotAllPassed, runner.Output);
        using var grade = JsonDocument.Parse(File.ReadAllText(json));
        var implementations = grade.RootElement.GetProperty("implementations").EnumerateArray().ToList();
        implementations.Should().HaveCount(layout.Components().Count);
        implementations.Should().OnlyContain(i => i.GetProperty("built").GetBoolean(), "the starter builds and the lab's tests compile against it:\n{0}", runner.Output);
        var steps = grade.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("total").GetInt32() > 0).ToList();
        steps.Should().NotBeEmpty();

        // Every step whose code the starter stubs is red. (A step whose code lies outside the
        // lab's components, e.g. db-03's simulator in shared/, may pass: the tests use the reference.)
        var stubbed = StarterGenerator.Generate(layout, Path.Combine(_work, "plan"), force: false).Components
            .SelectMany(c => c.Stubs).Select(s => s.Step.Number).ToHashSet(StringComparer.Ordinal);
        stubbed.Should().NotBeEmpty();
        steps.Where(s => stubbed.Contains(s.GetProperty("step").GetString()!))
            .Should().NotBeEmpty()
            .And.OnlyContain(s => s.GetProperty("status").GetString() == "failed", "every step the starter leaves to the learner must be red");
        var failures = steps.SelectMany(s => s.GetProperty("failedTests").EnumerateArray().Select(t => t.GetString()!)).ToList();
        failures.Should().Contain(f => f.Contains("NotImplementedException", StringComparison.Ordinal)
                                       && f.Contains($"see labs/{layout.Lab.Id}/steps/", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var implementation in _implementations)
        {
            ImplFolders.Remove(RealLabs.Root, implementation);
        }

        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
