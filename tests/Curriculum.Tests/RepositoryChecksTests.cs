using FromScratch.Lab;
using FromScratch.Lab.Conformance;

namespace FromScratch.Curriculum.Tests;

/// <summary>
/// The repository-wide checks (links, PHASES.md, lab folders, CI against README) each fail on a
/// fixture repository broken in exactly that way.
/// </summary>
[Trait("Step", "00")]
public sealed class RepositoryChecksTests : IDisposable
{
    private readonly FixtureRepository _repo = FixtureRepository.WithConformingLab();

    public RepositoryChecksTests() => RepositoryChecks.CheckAll(_repo.Root).Should().BeEmpty("the fixture repository is written to conform");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Broken_relative_link_is_reported()
    {
        _repo.Write("README.md", _repo.Read("README.md") + "\nStart with [the first lab](labs/db-01-storage-primitive/CONCEPTS.md).\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().ContainSingle()
            .Which.Should().StartWith("README.md:").And.Contain("broken link 'labs/db-01-storage-primitive/CONCEPTS.md'");
    }

    [Fact]
    public void Broken_link_with_anchor_is_reported_and_good_one_is_not()
    {
        _repo.Write("README.md", _repo.Read("README.md")
            + "\nSee [the phases](PHASES.md#phases) and [phase 2](PHASE.md#phases).\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain("broken link 'PHASE.md#phases'");
    }

    [Fact]
    public void Anchor_missing_from_the_target_file_is_reported()
    {
        _repo.Write("README.md", _repo.Read("README.md") + "\nSee [phase 9](PHASES.md#phase-9).\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain("broken link 'PHASES.md#phase-9' (PHASES.md has no heading with the anchor '#phase-9')");
    }

    [Fact]
    public void Anchor_missing_from_the_same_file_is_reported()
    {
        _repo.Write("docs/guide.md", "# Guide\n\n## Setup\n\nSee [setup](#setup) and [usage](#usage).\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain("broken link '#usage'");
    }

    [Fact]
    public void Anchors_follow_the_headings_as_github_derives_them()
    {
        _repo.Write("docs/guide.md", """
            # Guide

            ## The `LogWriter` type, **briefly**
            ## Notes
            ## Notes
            ## [Linked](https://example.org) heading_with_underscore?
            <a id="custom-anchor"></a>

            [a](#the-logwriter-type-briefly) [b](#notes) [c](#notes-1) [d](#linked-heading_with_underscore)
            [e](#custom-anchor) [f](../PHASES.md#db-01-storage-primitives--storage-primitives) [g](#GUIDE)
            [h](../README.md#run-every-test) [i](../.ci/run#L3)
            """);
        RepositoryChecks.CheckLinks(_repo.Root).Should().BeEmpty();

        _repo.Write("docs/guide.md", "# Guide\n\n## Notes\n\n[c](#notes-1) [f](../PHASES.md#db-01-storage-primitives-storage-primitives)\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().HaveCount(2);
    }

    [Fact]
    public void Broken_image_and_reference_style_links_are_reported()
    {
        _repo.Write("docs/guide.md", "# Guide\n\n![diagram](img/missing.svg)\n\n[spec]: ../specs/missing.md\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().HaveCount(2)
            .And.Contain(p => p.Contains("'img/missing.svg'", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("'../specs/missing.md'", StringComparison.Ordinal));
    }

    [Fact]
    public void Links_to_files_and_folders_that_exist_resolve()
    {
        _repo.Write("docs/guide.md", $"""
            # Guide

            The [lab](../{FixtureRepository.LabDir}/), its [concepts](../{FixtureRepository.LabDir}/CONCEPTS.md#what-is-it),
            the [phases](/PHASES.md), [escaped](../PHASES%2Emd) and <a name="x"></a> [titled](../README.md "the readme").
            """);
        RepositoryChecks.CheckLinks(_repo.Root).Should().BeEmpty();
    }

    [Fact]
    public void Links_in_code_web_links_and_anchors_are_not_checked()
    {
        _repo.Write("docs/guide.md", """
            # Guide

            [web](https://example.org/missing.md), [mail](mailto:someone@example.org), [anchor](#guide),
            `[inline](inline/missing.md)` and ``[double](double/missing.md)``.

            ```markdown
            [fenced](fenced/missing.md)
            ```

            ~~~
            [tilde](tilde/missing.md)
            ~~~

            A claim with a footnote.[^1]

            [^1]: footnote text, not a link target.
            """);
        RepositoryChecks.CheckLinks(_repo.Root).Should().BeEmpty();

        // The same links outside code are checked: the test above cannot pass by ignoring the file.
        _repo.Write("docs/guide.md", "# Guide\n\n[fenced](fenced/missing.md) and [inline](inline/missing.md)\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().HaveCount(2);
    }

    [Fact]
    public void Link_out_of_the_repository_is_reported()
    {
        var outside = Path.GetFileName(_repo.Root);
        _repo.Write("README.md", _repo.Read("README.md") + $"\nSee [the house rules](../{outside}/../CONVENTIONS.md).\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().ContainSingle().Which.Should().Contain("points outside the repository");
    }

    [Fact]
    public void Markdown_under_build_output_is_not_checked()
    {
        _repo.Write($"{FixtureRepository.LabDir}/src/{FixtureRepository.Component}/bin/Debug/readme.md", "[x](missing.md)\n");
        _repo.Write("node_modules/pkg/readme.md", "[x](missing.md)\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().BeEmpty();
        _repo.Write($"{FixtureRepository.LabDir}/src/{FixtureRepository.Component}/notes.md", "[x](missing.md)\n");
        RepositoryChecks.CheckLinks(_repo.Root).Should().ContainSingle();
    }

    [Fact]
    public void Missing_phases_file_is_reported()
    {
        _repo.Delete("PHASES.md");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Be("PHASES.md: missing");
    }

    [Fact]
    public void Phases_missing_a_lab_is_reported()
    {
        _repo.WritePhases(StatusOfFixture, Catalog.Labs.Where(l => l.ShortId != "db-05"));
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain("does not list db-05-skiplist-memtable");
    }

    [Fact]
    public void Phases_listing_an_unknown_lab_is_reported()
    {
        _repo.Write("PHASES.md", _repo.Read("PHASES.md") + "\n### db-24-extra — Extra\n\nStatus: planned\n");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Contain("'db-24-extra' is not a lab of the catalog");
    }

    [Fact]
    public void Phases_listing_a_lab_twice_is_reported()
    {
        _repo.Write("PHASES.md", _repo.Read("PHASES.md") + "\n### db-03-crash-consistency — Crash consistency\n\nStatus: planned\n");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Contain("db-03-crash-consistency is listed twice");
    }

    [Fact]
    public void Phases_out_of_order_are_reported()
    {
        var swapped = Catalog.Labs.ToList();
        (swapped[6], swapped[7]) = (swapped[7], swapped[6]);
        _repo.WritePhases(StatusOfFixture, swapped);
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Contain("labs are out of order");
    }

    [Fact]
    public void Phases_lab_under_the_wrong_phase_is_reported()
    {
        _repo.Replace("PHASES.md", "## Phase 2 — LevelDB / LSM-tree", "## Phase 3 — LevelDB / LSM-tree");
        RepositoryChecks.CheckPhases(_repo.Root).Should().HaveCount(5)
            .And.OnlyContain(p => p.Contains("belongs under '## Phase 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Phases_with_a_wrong_title_is_reported()
    {
        _repo.Replace("PHASES.md", "### db-06-sstable — SSTable", "### db-06-sstable — Sorted tables");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain("db-06-sstable has the title 'Sorted tables'; the catalog calls it 'SSTable'");
    }

    [Fact]
    public void Phases_heading_in_another_form_is_reported()
    {
        _repo.Replace("PHASES.md", "### db-06-sstable — SSTable", "### db-06-sstable SSTable");
        RepositoryChecks.CheckPhases(_repo.Root).Should().HaveCount(2)
            .And.Contain(p => p.Contains("is not in the form", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("does not list db-06-sstable", StringComparison.Ordinal));
    }

    [Fact]
    public void Phases_claiming_planned_for_a_complete_lab_is_reported()
    {
        _repo.WritePhases(_ => LabStatus.Planned);
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain($"{FixtureRepository.Lab.Id} claims 'planned' but it is 'complete'");
    }

    [Fact]
    public void Phases_claiming_complete_for_an_unfinished_lab_is_reported()
    {
        _repo.Delete($"{FixtureRepository.LabDir}/docs/analysis.md");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain($"{FixtureRepository.Lab.Id} claims 'complete' but it is 'in progress'")
            .And.Contain("1 conformance problems");
    }

    [Fact]
    public void Phases_claiming_complete_for_a_missing_lab_is_reported()
    {
        _repo.WritePhases(l => l.ShortId is "db-01" or "db-02" ? LabStatus.Complete : LabStatus.Planned);
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle()
            .Which.Should().Contain("db-02-write-ahead-log claims 'complete' but it is 'planned'");
    }

    [Fact]
    public void Phases_in_progress_lab_agrees()
    {
        _repo.Delete($"{FixtureRepository.LabDir}/docs/analysis.md");
        _repo.WritePhases(l => l == FixtureRepository.Lab ? LabStatus.InProgress : LabStatus.Planned);
        RepositoryChecks.CheckPhases(_repo.Root).Should().BeEmpty();
    }

    [Fact]
    public void Phases_without_status_line_is_reported()
    {
        _repo.Replace("PHASES.md", "### db-09-read-path-and-caching — Read path and caching\n\nStatus: planned\n", "### db-09-read-path-and-caching — Read path and caching\n\n");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Contain("db-09-read-path-and-caching has no 'Status:' line");
    }

    [Fact]
    public void Phases_with_unknown_status_word_is_reported()
    {
        _repo.Replace("PHASES.md", "### db-09-read-path-and-caching — Read path and caching\n\nStatus: planned\n", "### db-09-read-path-and-caching — Read path and caching\n\nStatus: scaffolded\n");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Contain("status 'scaffolded' is none of");
    }

    [Fact]
    public void Phases_status_in_bold_is_read()
    {
        _repo.Replace("PHASES.md", "### db-09-read-path-and-caching — Read path and caching\n\nStatus: planned\n", "### db-09-read-path-and-caching — Read path and caching\n\n**Status:** complete\n");
        RepositoryChecks.CheckPhases(_repo.Root).Should().ContainSingle().Which.Should().Contain("db-09-read-path-and-caching claims 'complete' but it is 'planned'");
    }

    [Fact]
    public void Unknown_folder_under_labs_is_reported()
    {
        Directory.CreateDirectory(_repo.Path("labs/db-01-storage"));
        RepositoryChecks.CheckLabFolders(_repo.Root).Should().ContainSingle().Which.Should().StartWith("labs/db-01-storage/: not a lab of the catalog");
    }

    [Fact]
    public void Ci_not_running_the_readme_command_is_reported()
    {
        _repo.Write(".ci/run", FixtureRepository.CiScript("dotnet build"));
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().ContainSingle().Which.Should().Contain(".ci/run: does not run 'dotnet test'");
    }

    [Fact]
    public void Ci_running_the_readme_command_with_other_arguments_is_reported()
    {
        _repo.Write(".ci/run", FixtureRepository.CiScript("dotnet test --no-build | tee \"$log\""));
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().ContainSingle().Which.Should().Contain("does not run 'dotnet test'");
    }

    [Fact]
    public void Ci_with_the_readme_command_only_in_a_comment_is_reported()
    {
        _repo.Write(".ci/run", FixtureRepository.CiScript("# dotnet test\ndotnet build"));
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().ContainSingle().Which.Should().Contain("does not run 'dotnet test'");
    }

    [Fact]
    public void Missing_readme_or_ci_script_is_reported()
    {
        _repo.Delete(".ci/run");
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().Equal(".ci/run: missing");
        _repo.Delete("README.md");
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().Equal("README.md: missing");
    }

    [Fact]
    public void Readme_without_a_run_every_test_block_is_reported()
    {
        _repo.Write("README.md", "# From Scratch\n\n## Quick start\n\n```\ndotnet test\n```\n");
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().ContainSingle().Which.Should().Contain("no code block under a 'Run every test' heading");
    }

    [Fact]
    public void Readme_command_with_prompt_and_comment_is_read()
    {
        _repo.Write("README.md", FixtureRepository.Readme("# from the repository root\n$ dotnet test -c Release"));
        RepositoryChecks.ReadmeTestCommands(_repo.Path("README.md")).Should().Equal("dotnet test -c Release");
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().ContainSingle().Which.Should().Contain("'dotnet test -c Release'");
        _repo.Write(".ci/run", FixtureRepository.CiScript("if ! dotnet test -c Release 2>&1 | tee \"$log\"; then exit 1; fi"));
        RepositoryChecks.CheckCiRunsReadmeCommand(_repo.Root).Should().BeEmpty();
    }

    private static LabStatus StatusOfFixture(LabInfo lab) => lab == FixtureRepository.Lab ? LabStatus.Complete : LabStatus.Planned;
}
