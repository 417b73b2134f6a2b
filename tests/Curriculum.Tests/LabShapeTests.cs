using FromScratch.Lab;
using FromScratch.Lab.Conformance;

namespace FromScratch.Curriculum.Tests;

/// <summary>
/// Every check of <see cref="LabShape.Check"/> fails on a fixture lab broken in exactly that
/// way. Each test starts from a conforming fixture (asserted to have no problems), breaks one
/// thing, and asserts the specific problem, so no check can pass vacuously.
/// </summary>
[Trait("Step", "00")]
public sealed class LabShapeTests : IDisposable
{
    private static readonly string Concepts = FixtureRepository.LabDir + "/CONCEPTS.md";
    private static readonly string References = FixtureRepository.LabDir + "/references.md";
    private static readonly string Steps = FixtureRepository.LabDir + "/steps";
    private static readonly string Src = FixtureRepository.LabDir + "/src";
    private static readonly string LabSlnx = $"{FixtureRepository.LabDir}/{FixtureRepository.Lab.Id}.slnx";

    private readonly FixtureRepository _repo = FixtureRepository.WithConformingLab();

    public LabShapeTests() => _repo.CheckLab().Should().BeEmpty("the fixture lab is written to conform");

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Conforming_lab_is_complete()
    {
        LabShape.StatusOf(_repo.Root, FixtureRepository.Lab).Should().Be(LabStatus.Complete);
        RepositoryChecks.CheckAll(_repo.Root).Should().BeEmpty();
    }

    [Fact]
    public void Missing_lab_folder_is_planned_and_reported()
    {
        var other = Catalog.Labs[1];
        LabShape.StatusOf(_repo.Root, other).Should().Be(LabStatus.Planned);
        LabShape.Check(_repo.Root, other).Should().ContainSingle().Which.Should().Contain($"labs/{other.Id}/").And.Contain("does not exist");
    }

    [Fact]
    public void Broken_lab_is_in_progress()
    {
        _repo.Delete(FixtureRepository.LabDir + "/docs/observation.md");
        LabShape.StatusOf(_repo.Root, FixtureRepository.Lab).Should().Be(LabStatus.InProgress);
    }

    [Fact]
    public void Missing_concepts_file_is_reported()
    {
        _repo.Delete(Concepts);
        ShouldReportSingle($"{Concepts}: missing");
    }

    [Fact]
    public void Missing_section_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(sections: LabShape.ConceptSections.Where(s => s != "Mental Models").ToList()));
        ShouldReportSingle("missing section '## Mental Models'");
    }

    [Fact]
    public void Sections_out_of_order_are_reported()
    {
        var swapped = LabShape.ConceptSections.ToList();
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);
        _repo.Write(Concepts, FixtureRepository.Concepts(sections: swapped));
        ShouldReportSingle("sections out of order");
    }

    [Fact]
    public void Unexpected_section_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts() + "## Further Reading\n\n" + FixtureRepository.Prose(80) + "\n");
        ShouldReportSingle("unexpected section '## Further Reading'");
    }

    [Fact]
    public void Repeated_section_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts() + "## Mental Models\n\n" + FixtureRepository.Prose(80) + "\n");
        ShouldReportSingle("section 'Mental Models' appears twice");
    }

    [Fact]
    public void Numbered_section_headings_are_accepted()
    {
        var text = FixtureRepository.Concepts();
        for (var i = 0; i < LabShape.ConceptSections.Count; i++)
        {
            text = text.Replace($"## {LabShape.ConceptSections[i]}\n", $"## {i + 1}. {LabShape.ConceptSections[i]}\n", StringComparison.Ordinal);
        }

        text.Should().Contain("## 8. Connections to Other Labs");
        _repo.Write(Concepts, text);
        _repo.CheckLab().Should().BeEmpty();
    }

    [Fact]
    public void Short_section_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(wordsPerSection: s => s == "Why It Matters" ? LabShape.MinSectionWords - 1 : 250));
        ShouldReportSingle($"section 'Why It Matters' has {LabShape.MinSectionWords - 1} words");
    }

    [Fact]
    public void Empty_section_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(wordsPerSection: s => s == "Common Misconceptions" ? 0 : 250));
        ShouldReportSingle("section 'Common Misconceptions' has 0 words");
    }

    [Fact]
    public void Words_inside_code_do_not_count_as_prose()
    {
        var padding = "```\n" + FixtureRepository.Prose(300) + "\n```\n\n";
        _repo.Write(Concepts, FixtureRepository.Concepts(wordsPerSection: s => s == "Mental Models" ? 10 : 250)
            .Replace("## Common Misconceptions", padding + "## Common Misconceptions", StringComparison.Ordinal));
        ShouldReportSingle("section 'Mental Models' has");
    }

    [Fact]
    public void Short_concepts_file_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(wordsPerSection: _ => 100));
        ShouldReportSingle($"a complete concept guide has at least {LabShape.MinConceptsWords}");
    }

    [Fact]
    public void How_it_works_without_diagram_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(diagram: false));
        ShouldReportSingle("section 'How It Works' has no diagram");
    }

    [Fact]
    public void One_line_code_block_is_not_a_diagram()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(diagram: false)
            .Replace("## Core Terminology", "```\nsee below\n```\n\n## Core Terminology", StringComparison.Ordinal));
        ShouldReportSingle("section 'How It Works' has no diagram");
    }

    [Fact]
    public void Diagram_in_another_section_does_not_count_for_how_it_works()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(diagram: false)
            .Replace("## Mental Models", "## Mental Models\n\n```\na\nb\nc\n```\n", StringComparison.Ordinal));
        ShouldReportSingle("section 'How It Works' has no diagram");
    }

    [Fact]
    public void Core_terminology_without_table_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(table: false));
        ShouldReportSingle("section 'Core Terminology' has no Markdown table");
    }

    [Fact]
    public void Table_header_without_rows_is_not_a_table()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(table: false)
            .Replace("## Mental Models", "| term | definition |\n|---|---|\n\n## Mental Models", StringComparison.Ordinal));
        ShouldReportSingle("section 'Core Terminology' has no Markdown table");
    }

    [Fact]
    public void Connections_without_link_is_reported()
    {
        _repo.Write(Concepts, FixtureRepository.Concepts(connectionsLink: false));
        ShouldReportSingle("section 'Connections to Other Labs' links to no other lab");
    }

    [Theory]
    [InlineData("TODO")]
    [InlineData("TBD")]
    [InlineData("FIXME")]
    [InlineData("Coming soon")]
    [InlineData("Lorem ipsum")]
    public void Placeholder_marker_in_concepts_is_reported(string marker)
    {
        _repo.Replace(Concepts, "## Mental Models\n\n", $"## Mental Models\n\n{marker}: more here.\n\n");
        ShouldReportSingle($"placeholder marker '{marker}'");
    }

    [Fact]
    public void Placeholder_marker_in_code_is_not_reported()
    {
        _repo.Replace(Concepts, "## Mental Models\n\n", "## Mental Models\n\nRun `grep TODO` or:\n\n```\n// TODO: the learner writes this\n```\n\n");
        _repo.CheckLab().Should().BeEmpty();
    }

    [Fact]
    public void Missing_references_file_is_reported()
    {
        _repo.Delete(References);
        ShouldReportSingle($"{References}: missing");
    }

    [Fact]
    public void References_with_too_few_links_are_reported()
    {
        _repo.Write(References, FixtureRepository.References(LabShape.MinReferenceLinks - 1));
        ShouldReportSingle($"{References}: {LabShape.MinReferenceLinks - 1} distinct http(s) links");
    }

    [Fact]
    public void Repeated_reference_link_counts_once()
    {
        _repo.Write(References, FixtureRepository.References(LabShape.MinReferenceLinks - 1) + "- [Again](https://example.org/source/1): the same page.\n");
        ShouldReportSingle($"{References}: {LabShape.MinReferenceLinks - 1} distinct http(s) links");
    }

    [Fact]
    public void Placeholder_references_file_is_reported()
    {
        _repo.Write(References, FixtureRepository.References(LabShape.MinReferenceLinks) + "\nMore references coming soon.\n");
        ShouldReportSingle("placeholder marker 'coming soon'");
    }

    [Theory]
    [InlineData("analysis.md")]
    [InlineData("broader-ideas.md")]
    [InlineData("execution.md")]
    [InlineData("observation.md")]
    [InlineData("verification.md")]
    public void Missing_doc_is_reported(string doc)
    {
        _repo.Delete($"{FixtureRepository.LabDir}/docs/{doc}");
        ShouldReportSingle($"{FixtureRepository.LabDir}/docs/{doc}: missing");
    }

    [Theory]
    [InlineData("analysis.md")]
    [InlineData("verification.md")]
    public void Short_doc_is_reported(string doc)
    {
        _repo.Write($"{FixtureRepository.LabDir}/docs/{doc}", "# Title\n\n" + FixtureRepository.Prose(LabShape.MinDocWords - 10));
        ShouldReportSingle($"{FixtureRepository.LabDir}/docs/{doc}: {LabShape.MinDocWords - 9} words of prose");
    }

    [Theory]
    [InlineData("TODO")]
    [InlineData("TBD")]
    [InlineData("coming soon")]
    [InlineData("lorem ipsum")]
    public void Placeholder_doc_is_reported(string marker)
    {
        var doc = $"{FixtureRepository.LabDir}/docs/observation.md";
        _repo.Write(doc, _repo.Read(doc) + $"\nMetrics: {marker}.\n");
        ShouldReportSingle($"{doc}:").Should().Contain($"placeholder marker '{marker}'");
    }

    [Fact]
    public void Missing_steps_folder_is_reported()
    {
        _repo.Delete(Steps);
        ShouldReportSingle($"{Steps}/: missing");
    }

    [Fact]
    public void Gap_in_steps_is_reported()
    {
        _repo.Write($"{Steps}/05-recovery.md", FixtureRepository.Step("Recovery"));
        ShouldReportSingle("steps are not contiguous from 01: missing 04");
    }

    [Fact]
    public void Steps_not_starting_at_01_are_reported()
    {
        _repo.Delete($"{Steps}/01-page-format.md");
        _repo.Write($"{Steps}/04-recovery.md", FixtureRepository.Step("Recovery"));
        ShouldReportSingle("steps are not contiguous from 01: missing 01");
    }

    [Fact]
    public void Too_few_steps_are_reported()
    {
        _repo.Delete($"{Steps}/03-torn-pages.md");
        ShouldReportSingle($"2 steps; at least {LabShape.MinSteps}");
    }

    [Fact]
    public void Badly_named_step_is_reported()
    {
        _repo.Write($"{Steps}/recovery.md", FixtureRepository.Step("Recovery"));
        ShouldReportSingle("recovery.md: not a step file name");
    }

    [Fact]
    public void Two_files_for_one_step_are_reported()
    {
        _repo.Write($"{Steps}/02-other.md", FixtureRepository.Step("Other"));
        ShouldReportSingle("step 02 has more than one file");
    }

    [Fact]
    public void Short_step_is_reported()
    {
        _repo.Write($"{Steps}/02-checksums.md", "# Checksums\n\nWrite the checksum code.\n");
        ShouldReportSingle("02-checksums.md: 5 words of prose");
    }

    [Fact]
    public void Placeholder_step_is_reported()
    {
        _repo.Write($"{Steps}/03-torn-pages.md", FixtureRepository.Step("Torn pages") + "\nThe tests for this step: TBD.\n");
        ShouldReportSingle("03-torn-pages.md:").Should().Contain("placeholder marker 'TBD'");
    }

    [Fact]
    public void Missing_root_solution_is_reported()
    {
        _repo.Delete("FromScratch.slnx");
        ShouldReportSingle("FromScratch.slnx: missing");
    }

    [Fact]
    public void Missing_tests_project_is_reported()
    {
        _repo.Delete($"{Src}/{FixtureRepository.Component}.Tests");
        ShouldReport("no test project");
    }

    [Fact]
    public void Missing_benchmarks_project_is_reported()
    {
        _repo.Delete($"{Src}/{FixtureRepository.Component}.Benchmarks");
        ShouldReport("no benchmark project");
    }

    [Fact]
    public void Missing_library_project_is_reported()
    {
        _repo.Delete($"{Src}/{FixtureRepository.Component}");
        ShouldReport("no library project");
    }

    [Fact]
    public void Solution_entry_for_a_deleted_project_is_reported()
    {
        _repo.Delete($"{Src}/{FixtureRepository.Component}.Tests");
        ShouldReport($"{LabSlnx}: lists {Src}/{FixtureRepository.Component}.Tests/{FixtureRepository.Component}.Tests.csproj, which does not exist");
    }

    [Fact]
    public void Project_missing_from_lab_solution_is_reported()
    {
        var demo = $"{Src}/{FixtureRepository.Component}.Demo/{FixtureRepository.Component}.Demo.csproj";
        _repo.Write(demo, "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n");
        _repo.Replace("FromScratch.slnx", "</Solution>", $"  <Project Path=\"{demo}\" />\n</Solution>");
        ShouldReportSingle($"{LabSlnx}: does not list {demo}");
    }

    [Fact]
    public void Project_missing_from_root_solution_is_reported()
    {
        var demo = $"{FixtureRepository.Component}.Demo/{FixtureRepository.Component}.Demo.csproj";
        _repo.Write($"{Src}/{demo}", "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n");
        _repo.Replace(LabSlnx, "</Solution>", $"  <Folder Name=\"/demo/\">\n    <Project Path=\"src/{demo}\" />\n  </Folder>\n</Solution>");
        ShouldReportSingle($"FromScratch.slnx: does not list {Src}/{demo}");
    }

    [Fact]
    public void Missing_lab_solution_is_reported()
    {
        _repo.Delete(LabSlnx);
        ShouldReportSingle($"{LabSlnx}: missing");
    }

    [Fact]
    public void Malformed_lab_solution_is_reported()
    {
        _repo.Write(LabSlnx, "<Solution>\n  <Project Path=\"src/PageFile/PageFile.csproj\">\n</Solution>\n");
        ShouldReportSingle($"{LabSlnx}: ").Should().Contain("not well-formed XML");
    }

    [Fact]
    public void Windows_separators_in_solution_paths_are_accepted()
    {
        _repo.Write(LabSlnx, """
            <Solution>
              <Project Path="src\PageFile\PageFile.csproj" />
              <Project Path="src\PageFile.Tests\PageFile.Tests.csproj" />
              <Project Path="src\PageFile.Benchmarks\PageFile.Benchmarks.csproj" />
            </Solution>
            """);
        _repo.CheckLab().Should().BeEmpty();
    }

    [Fact]
    public void Projects_under_bin_and_obj_are_ignored()
    {
        _repo.Write($"{Src}/{FixtureRepository.Component}/obj/Stale/Stale.csproj", "<Project />\n");
        _repo.CheckLab().Should().BeEmpty();
    }

    [Fact]
    public void Broken_link_in_lab_is_reported()
    {
        var doc = $"{FixtureRepository.LabDir}/docs/analysis.md";
        _repo.Write(doc, _repo.Read(doc) + "\nSee [the format](../steps/09-format.md).\n");
        ShouldReportSingle($"{doc}:").Should().Contain("broken link '../steps/09-format.md'");
    }

    [Fact]
    public void A_lab_with_several_components_a_component_built_on_another_and_a_tool_project_is_complete()
    {
        _repo.WriteSeveralComponents();

        _repo.CheckLab().Should().BeEmpty();
    }

    [Fact]
    public void A_test_project_that_references_another_component_of_the_lab_directly_is_reported()
    {
        _repo.WriteSeveralComponents();
        _repo.Write($"{Src}/Server.Tests/Server.Tests.csproj", FixtureRepository.TestCsproj(
            "Server", $"<ItemGroup><ProjectReference Include=\"../{FixtureRepository.Component}/{FixtureRepository.Component}.csproj\" /></ItemGroup>"));

        ShouldReportSingle($"{Src}/Server.Tests/Server.Tests.csproj: references the lab's component {FixtureRepository.Component} as a ProjectReference; name it <LabComponentReference Include=\"{FixtureRepository.Component}\" />");
    }

    [Fact]
    public void A_component_outside_the_lab_folder_is_referenced_as_the_repository_s_project()
    {
        // db-03's shape: a test project tests part of the shared library (LabComponent Shared),
        // and the lab's other test projects reference shared/Shared.csproj as every lab does.
        _repo.WriteSeveralComponents();
        _repo.Write("shared/Shared.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        _repo.Write($"{Src}/Server.Tests/Server.Tests.csproj", FixtureRepository.TestCsproj(
            "Shared", "<PropertyGroup><LabReferenceImplementation>$(MSBuildThisFileDirectory)../../../../shared/Shared.csproj</LabReferenceImplementation></PropertyGroup>"));
        _repo.Write($"{Src}/{FixtureRepository.Component}.Tests/{FixtureRepository.Component}.Tests.csproj", FixtureRepository.TestCsproj(
            FixtureRepository.Component, "<ItemGroup><ProjectReference Include=\"../../../../shared/Shared.csproj\" /></ItemGroup>"));

        _repo.CheckLab().Should().BeEmpty();
    }

    [Fact]
    public void A_component_name_that_names_no_project_is_reported()
    {
        _repo.WriteSeveralComponents();
        _repo.Write($"{Src}/Server.Tests/Server.Tests.csproj", FixtureRepository.TestCsproj("Sever", "<ItemGroup><LabComponentReference Include=\"Cor\" /></ItemGroup>"));

        ShouldReport($"{Src}/Server.Tests/Server.Tests.csproj: LabComponent 'Sever' names {Src}/Sever/Sever.csproj, which does not exist");
        ShouldReport($"{Src}/Server.Tests/Server.Tests.csproj: LabComponentReference 'Cor' names {Src}/Cor/Cor.csproj, which does not exist");
    }

    private string ShouldReportSingle(string fragment)
    {
        var problems = _repo.CheckLab();
        problems.Should().ContainSingle("exactly one thing was broken; problems: {0}", string.Join(" | ", problems))
            .Which.Should().Contain(fragment);
        return problems[0];
    }

    private void ShouldReport(string fragment)
    {
        var problems = _repo.CheckLab();
        problems.Should().Contain(p => p.Contains(fragment, StringComparison.Ordinal), "problems: {0}", string.Join(" | ", problems));
    }
}
