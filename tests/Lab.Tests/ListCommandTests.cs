using FromScratch.Lab.Conformance;

namespace FromScratch.Lab.Tests;

public sealed class ListCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    [Fact]
    [Trait("Step", "00")]
    public void List_shows_every_phase_and_every_lab_with_its_title()
    {
        var run = LabRun.Of(_repo.Root, ["list"]);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        foreach (var (number, title) in Catalog.Phases)
        {
            run.Output.Should().Contain($"Phase {number}: {title}");
        }

        foreach (var lab in Catalog.Labs)
        {
            run.Output.Should().Contain(lab.Id).And.Contain(lab.Title);
        }
    }

    [Fact]
    [Trait("Step", "00")]
    public void List_shows_status_from_the_lab_folder_and_the_number_of_test_methods()
    {
        var db02 = Catalog.Find("db-02")!;
        _repo.AddLab(db02, "Wal", "[Fact] void A() {}\n[Theory] void B(int x) {}\n[Fact] void C() {}\n");

        var run = LabRun.Of(_repo.Root, ["list"]);

        RowOf(run.Output, db02).Should().MatchRegex(@"\|\s+in progress\s+\|\s+3 \|");
        RowOf(run.Output, Catalog.Find("db-03")!).Should().MatchRegex(@"\|\s+planned\s+\|\s+- \|");
    }

    [Fact]
    [Trait("Step", "00")]
    public void List_counts_every_test_project_the_lab_solution_lists_including_shared_ones()
    {
        var db01 = Catalog.Find("db-01")!;
        _repo.Write("tests/Shared.Tests/Shared.Tests.csproj", "<Project />");
        _repo.Write("tests/Shared.Tests/VarintTests.cs", "[Fact] void A() {}\n[Fact] void B() {}\n");
        _repo.AddLab(db01, "PageFile", "[Fact] void C() {}\n", extraSolutionProjects: ["../../tests/Shared.Tests/Shared.Tests.csproj"]);

        var run = LabRun.Of(_repo.Root, ["list"]);

        RowOf(run.Output, db01).Should().MatchRegex(@"\|\s+3 \|");
    }

    [Fact]
    [Trait("Step", "00")]
    public void List_marks_complete_labs_and_points_the_footer_at_the_first_lab_that_exists()
    {
        var run = LabRun.Of(_repo.Root, ["list"], statusOf: (_, lab) => lab.Number switch
        {
            <= 2 => LabStatus.Planned,
            <= 4 => LabStatus.Complete,
            5 => LabStatus.InProgress,
            _ => LabStatus.Planned,
        });

        RowOf(run.Output, Catalog.Find("db-04")!).Should().Contain("complete");
        RowOf(run.Output, Catalog.Find("db-05")!).Should().Contain("in progress");
        run.Output.TrimEnd().Split('\n').Last().Should()
            .Contain("Start with db-03: read labs/db-03-crash-consistency/CONCEPTS.md").And.Contain("./lab test db-03 --step 01");
    }

    [Fact]
    [Trait("Step", "00")]
    public void List_footer_says_so_when_no_lab_exists()
    {
        var run = LabRun.Of(_repo.Root, ["list"], statusOf: (_, _) => LabStatus.Planned);

        run.ExitCode.Should().Be(0);
        run.Output.TrimEnd().Split('\n').Last().Should().Contain("No lab is written yet");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Redirected_list_output_is_plain_text_without_escape_codes_or_wrapped_rows()
    {
        var run = LabRun.Of(_repo.Root, ["list"]);

        run.Output.Should().NotContain("\u001b");
        run.Output.All(c => c < 128).Should().BeTrue("redirected output uses ASCII borders");
        var longest = Catalog.Labs.MaxBy(l => l.Id.Length)!;
        RowOf(run.Output, longest).Should().Contain(longest.Title, "a row must not wrap");
    }

    [Fact]
    [Trait("Step", "00")]
    public void List_of_the_real_repository_names_all_23_labs()
    {
        var root = RepoLocator.TryFindFrom(AppContext.BaseDirectory)!;

        var run = LabRun.Of(root, ["list"]);

        run.ExitCode.Should().Be(0);
        Catalog.Labs.Should().OnlyContain(l => run.Output.Contains(l.Id, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Step", "00")]
    public void List_rejects_arguments_after_double_dash()
    {
        var run = LabRun.Of(_repo.Root, ["list", "--", "x"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("'list' takes no arguments after --");
    }

    private static string RowOf(string output, LabInfo lab) =>
        output.Split('\n').Should().ContainSingle(l => l.Contains(" " + lab.Id + " ", StringComparison.Ordinal)).Subject;

    public void Dispose() => _repo.Dispose();
}
