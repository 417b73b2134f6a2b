using FromScratch.Lab.Starter;

namespace FromScratch.Lab.Tests.Starter;

/// <summary>
/// For every lab: the starter `lab start` generates has exactly the reference's public API, compared
/// from compiled metadata (both compiled in memory with Roslyn against the same references), so the
/// two can never drift apart; and every stub names a step guide that exists. Fast: no dotnet build.
/// </summary>
public sealed class StarterApiEqualityTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "fromscratch-starter-api-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Labs => RealLabs.Existing();

    [Theory]
    [Trait("Step", "00")]
    [MemberData(nameof(Labs))]
    public void The_starter_has_the_public_API_of_the_reference(string lab)
    {
        var layout = RealLabs.Require(lab);

        var starter = StarterGenerator.Generate(layout, _work, force: false);
        var comparisons = ApiCheck.Compare(RealLabs.Root, starter);

        comparisons.Should().HaveCount(layout.Components().Count);
        foreach (var check in comparisons)
        {
            check.ReferenceErrors.Should().BeEmpty("the reference {0} must compile in memory", check.Component.Name);
            check.StarterErrors.Should().BeEmpty("the starter of {0} must compile", check.Component.Name);
            check.Differences.Should().BeEmpty("the starter of {0} must offer exactly the reference's public API", check.Component.Name);
            check.ApiLines.Should().BeGreaterThan(0);
        }

        starter.Components.SelectMany(c => c.Stubs).Should().NotBeEmpty("a starter leaves the lab's work to the learner");
        foreach (var (member, step) in starter.Components.SelectMany(c => c.Stubs))
        {
            File.Exists(Path.Combine(RealLabs.Root, step.Path)).Should().BeTrue("the stub of {0} points at {1}", member, step.Path);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
