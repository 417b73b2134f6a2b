using System.Text.Json;

namespace FromScratch.Lab.Tests.Starter;

/// <summary>
/// For every lab: `lab grade --impl` on the reference project itself (each component in turn) goes
/// through the same substitution as a learner's project and reports every step with tests green,
/// exit code 0. Slow (nested dotnet builds and the lab's whole test suite): trait Category=Slow.
/// The reference projects are up to date in place (the root build built them); only the test
/// project builds again, into its bin/impl-* and obj/impl-* folders, removed afterwards.
/// </summary>
[Collection(NestedLabBuilds.Name)]
public sealed class ReferenceGradeTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "fromscratch-reference-grade-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _implementations = [];

    public static TheoryData<string> Labs => RealLabs.Existing();

    [Theory(Timeout = 20 * 60 * 1000)]
    [Trait("Step", "00")]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Labs))]
    public void Grading_the_reference_through_impl_passes_every_step(string lab)
    {
        var layout = RealLabs.Require(lab);
        foreach (var component in layout.Components())
        {
            var json = Path.Combine(_work, component.Name + ".json");
            _implementations.Add(component.ReferenceProject);
            var runner = new CapturingProcessRunner(TimeSpan.FromMinutes(10));

            var exitCode = LabRun.Real(RealLabs.Root, runner,
                ["grade", lab, "--impl", component.ReferenceProject, "--component", component.Name, "--json", json]);

            exitCode.Should().Be(0, runner.Output);
            using var grade = JsonDocument.Parse(File.ReadAllText(json));
            grade.RootElement.GetProperty("passed").GetBoolean().Should().BeTrue();
            var steps = grade.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("total").GetInt32() > 0).ToList();
            steps.Should().NotBeEmpty("{0}'s tests carry Step traits", component.Name);
            steps.Should().OnlyContain(s => s.GetProperty("status").GetString() == "passed");
        }
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
