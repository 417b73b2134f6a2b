using FromScratch.Lab;
using FromScratch.Lab.Conformance;

namespace FromScratch.Curriculum.Tests;

/// <summary>
/// The checks run on this repository: every lab folder that exists conforms, links resolve,
/// PHASES.md tells the truth, and CI runs the command README.md gives.
/// </summary>
[Trait("Step", "00")]
public sealed class RepositoryConformanceTests
{
    /// <summary>
    /// One test case per lab folder that exists under labs/ (labs not started yet are not listed).
    /// No folder at all fails the theory ("No data found") instead of passing it vacuously.
    /// </summary>
    public static TheoryData<string> ExistingLabs()
    {
        var data = new TheoryData<string>();
        foreach (var lab in Catalog.Labs.Where(l => Directory.Exists(Path.Combine(RepositoryRoot.Path, "labs", l.Id))))
        {
            data.Add(lab.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExistingLabs))]
    public void Lab_has_the_shape_of_a_lab(string labId)
    {
        var lab = Catalog.Find(labId)!;
        ShouldHaveNoProblems(LabShape.Check(RepositoryRoot.Path, lab));
    }

    [Fact]
    public void Every_folder_under_labs_is_a_catalog_lab() =>
        ShouldHaveNoProblems(RepositoryChecks.CheckLabFolders(RepositoryRoot.Path));

    [Fact]
    public void Every_relative_markdown_link_resolves() =>
        ShouldHaveNoProblems(RepositoryChecks.CheckLinks(RepositoryRoot.Path));

    [Fact]
    public void Phases_lists_every_lab_with_its_real_status() =>
        ShouldHaveNoProblems(RepositoryChecks.CheckPhases(RepositoryRoot.Path));

    [Fact]
    public void Ci_runs_the_test_command_the_readme_gives()
    {
        RepositoryChecks.ReadmeTestCommands(Path.Combine(RepositoryRoot.Path, "README.md")).Should().NotBeEmpty();
        ShouldHaveNoProblems(RepositoryChecks.CheckCiRunsReadmeCommand(RepositoryRoot.Path));
    }

    [Fact]
    public void Curriculum_tests_are_in_the_root_solution()
    {
        var root = Path.Combine(RepositoryRoot.Path, "FromScratch.slnx");
        File.ReadAllText(root).Should().Contain("tests/Curriculum.Tests/Curriculum.Tests.csproj");
    }

    private static void ShouldHaveNoProblems(IReadOnlyList<string> problems) =>
        problems.Should().BeEmpty("every problem must be fixed; there are {0}:\n{1}\n", problems.Count, string.Join("\n", problems));
}
