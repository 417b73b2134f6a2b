using System.Text;
using FromScratch.Lab;
using FromScratch.Lab.Conformance;

namespace FromScratch.Curriculum.Tests;

/// <summary>
/// A throw-away repository in a unique temp folder, with one lab written so that it conforms to
/// every check, a PHASES.md that agrees with it, a README.md and a .ci/run. A test breaks exactly
/// one thing and asserts that the checker reports it; the conforming starting point proves the
/// report is caused by that one break.
/// </summary>
internal sealed class FixtureRepository : IDisposable
{
    public const string Component = "PageFile";

    public FixtureRepository()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fromscratch-curriculum-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The lab this fixture writes: db-01, the first lab of the catalog.</summary>
    public static LabInfo Lab => Catalog.Labs[0];

    /// <summary>labs/db-01-storage-primitives, relative to the root.</summary>
    public static string LabDir => "labs/" + Lab.Id;

    /// <summary>A repository with one conforming lab and the files that agree with it.</summary>
    public static FixtureRepository WithConformingLab()
    {
        var repo = new FixtureRepository();
        repo.WriteConformingLab();
        repo.WritePhases(l => l == Lab ? LabStatus.Complete : LabStatus.Planned);
        repo.Write("README.md", Readme("dotnet test"));
        repo.Write(".ci/run", CiScript("dotnet test 2>&1 | tee \"$log\""));
        return repo;
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var full = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text.ReplaceLineEndings("\n"));
    }

    public string Read(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Replaces exactly one occurrence of <paramref name="old"/>; fails the test if there is not exactly one.</summary>
    public void Replace(string relative, string old, string replacement)
    {
        var text = Read(relative);
        var first = text.IndexOf(old, StringComparison.Ordinal);
        (first >= 0 && text.IndexOf(old, first + 1, StringComparison.Ordinal) < 0).Should()
            .BeTrue($"the fixture file {relative} should contain '{old}' exactly once");
        Write(relative, string.Concat(text.AsSpan(0, first), replacement, text.AsSpan(first + old.Length)));
    }

    public void Delete(string relative)
    {
        var full = Path(relative);
        if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }
    }

    public IReadOnlyList<string> CheckLab() => LabShape.Check(Root, Lab);

    public void WriteConformingLab()
    {
        Write($"{LabDir}/CONCEPTS.md", Concepts());
        Write($"{LabDir}/references.md", References(6));
        foreach (var doc in LabShape.Docs)
        {
            Write($"{LabDir}/docs/{doc}", $"# {doc}\n\n{Prose(LabShape.MinDocWords + 20)}\n");
        }

        Write($"{LabDir}/steps/01-page-format.md", Step("Page format"));
        Write($"{LabDir}/steps/02-checksums.md", Step("Checksums"));
        Write($"{LabDir}/steps/03-torn-pages.md", Step("Torn pages"));
        Write($"{LabDir}/src/{Component}/{Component}.csproj", Csproj());
        Write($"{LabDir}/src/{Component}.Tests/{Component}.Tests.csproj", Csproj());
        Write($"{LabDir}/src/{Component}.Benchmarks/{Component}.Benchmarks.csproj", Csproj());
        Write($"{LabDir}/{Lab.Id}.slnx", Slnx($"src/{Component}", $"src/{Component}.Tests", $"src/{Component}.Benchmarks"));
        Write("FromScratch.slnx", Slnx($"{LabDir}/src/{Component}", $"{LabDir}/src/{Component}.Tests", $"{LabDir}/src/{Component}.Benchmarks"));
    }

    /// <summary>
    /// Makes the conforming lab one with several components: PageFile (tested by PageFile.Tests),
    /// Server, built on PageFile and tested by Server.Tests, which also uses PageFile as a
    /// LabComponentReference, and Shell, a tool project no test project tests.
    /// </summary>
    public void WriteSeveralComponents()
    {
        Write($"{LabDir}/src/{Component}.Tests/{Component}.Tests.csproj", TestCsproj(Component, ""));
        Write($"{LabDir}/src/Server/Server.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup><ProjectReference Include=\"../{Component}/{Component}.csproj\" /></ItemGroup>\n</Project>\n");
        Write($"{LabDir}/src/Server.Tests/Server.Tests.csproj", TestCsproj("Server", $"<ItemGroup><LabComponentReference Include=\"{Component}\" /></ItemGroup>"));
        Write($"{LabDir}/src/Shell/Shell.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup><ProjectReference Include=\"../Server/Server.csproj\" /></ItemGroup>\n</Project>\n");
        string[] projects = [$"src/{Component}", $"src/{Component}.Tests", $"src/{Component}.Benchmarks", "src/Server", "src/Server.Tests", "src/Shell"];
        Write($"{LabDir}/{Lab.Id}.slnx", Slnx(projects));
        Write("FromScratch.slnx", Slnx([.. projects.Select(p => $"{LabDir}/{p}")]));
    }

    /// <summary>A test project's .csproj that names its component, with more XML inside the Project.</summary>
    public static string TestCsproj(string component, string more) =>
        $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><LabComponent>{component}</LabComponent></PropertyGroup>\n  {more}\n</Project>\n";

    public void WritePhases(Func<LabInfo, LabStatus> status, IEnumerable<LabInfo>? labs = null)
    {
        var sb = new StringBuilder("# Phases\n\n");
        var phase = 0;
        foreach (var lab in labs ?? Catalog.Labs)
        {
            if (lab.Phase != phase)
            {
                phase = lab.Phase;
                sb.Append($"## Phase {phase} — {Catalog.Phases[phase - 1].Title}\n\n{Prose(20)}\n\n");
            }

            sb.Append($"### {lab.Id} — {lab.Title}\n\nStatus: {LabStatusWords.ToWord(status(lab))}\n\n{Prose(30)}\n\n");
        }

        Write("PHASES.md", sb.ToString());
    }

    /// <summary>
    /// CONCEPTS.md with the given sections (the eight by default, in order), each with
    /// <paramref name="wordsPerSection"/> words of prose (220 by default, so that the whole file is
    /// well over the 1500 needed), a diagram in How It Works, a table in Core Terminology and a
    /// link in Connections to Other Labs unless switched off.
    /// </summary>
    public static string Concepts(
        Func<string, int>? wordsPerSection = null,
        IReadOnlyList<string>? sections = null,
        bool diagram = true,
        bool table = true,
        bool connectionsLink = true)
    {
        var sb = new StringBuilder("# Storage primitives: concepts\n\n");
        foreach (var section in sections ?? LabShape.ConceptSections)
        {
            sb.Append($"## {section}\n\n{Prose(wordsPerSection?.Invoke(section) ?? 220)}\n\n");
            if (section == "How It Works" && diagram)
            {
                sb.Append("```\n+--------+--------+---------+\n| crc32c | length | payload |\n+--------+--------+---------+\n```\n\n");
            }

            if (section == "Core Terminology" && table)
            {
                sb.Append("| term | definition |\n|---|---|\n| page | a fixed-size unit of the file |\n| torn write | a write of which only a prefix reached the disk |\n\n");
            }

            if (section == "Connections to Other Labs" && connectionsLink)
            {
                sb.Append("The next lab uses these pages; see [the docs](docs/).\n\n");
            }
        }

        return sb.ToString();
    }

    public static string References(int links)
    {
        var sb = new StringBuilder("# References\n\n");
        for (var i = 1; i <= links; i++)
        {
            sb.Append($"- [Source {i}](https://example.org/source/{i}): what to read it for, number {i}.\n");
        }

        return sb.ToString();
    }

    public static string Step(string title) => $"# {title}\n\n{Prose(LabShape.MinStepWords + 20)}\n";

    public static string Readme(string testCommand) =>
        $"# From Scratch\n\n{Prose(40)}\n\n## Run every test\n\n```\n{testCommand}\n```\n";

    public static string CiScript(string testLine) =>
        $"#!/usr/bin/env bash\nset -euo pipefail\n# runs the tests\nlog=test.log\n{testLine}\n";

    /// <summary>Deterministic filler prose of exactly <paramref name="words"/> words, free of placeholder markers.</summary>
    public static string Prose(int words)
    {
        string[] vocabulary =
        [
            "the", "reader", "verifies", "each", "record", "checksum", "before", "returning", "its",
            "payload", "and", "reports", "offset", "of", "damage", "found", "in", "page", "file",
        ];
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            sb.Append(vocabulary[i % vocabulary.Length]);
            sb.Append((i + 1) % 12 == 0 ? ".\n" : " ");
        }

        return sb.ToString().TrimEnd() + ".";
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static string Csproj() => "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n";

    private static string Slnx(params string[] projectDirs)
    {
        var sb = new StringBuilder("<Solution>\n");
        foreach (var dir in projectDirs)
        {
            var name = dir[(dir.LastIndexOf('/') + 1)..];
            sb.Append($"  <Project Path=\"{dir}/{name}.csproj\" />\n");
        }

        return sb.Append("</Solution>\n").ToString();
    }
}
