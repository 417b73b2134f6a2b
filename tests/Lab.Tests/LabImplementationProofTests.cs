using System.Text.RegularExpressions;

namespace FromScratch.Lab.Tests;

/// <summary>
/// The proof that <c>-p:LabImplementation</c> (build/Lab.targets) really runs a lab's tests against
/// another project: a learner-style copy of db-01's PageFile, outside the repository and with a
/// csproj of its own, first passes db-01's PageFile tests, then, with one planted bug (the page
/// number stored in a page is no longer checked, so a misdirected write is returned as data), fails
/// them, and the failing test is the one about misdirected writes. Passing first shows the
/// substitution works; failing after the one-line edit shows the tests see the learner's code.
/// This test runs two nested `dotnet test` builds, each with a five-minute limit. They build the
/// learner's project and the shared library into a temporary artifacts folder (--artifacts-path),
/// not into shared/bin and shared/obj, so they cannot race a concurrent build of the repository;
/// the test project's own output goes to its bin/impl-* and obj/impl-* folders
/// (Directory.Build.props), which Dispose removes (only those, keyed by the learner project's path).
/// </summary>
public sealed partial class LabImplementationProofTests : IDisposable
{
    private const string TestProject = "labs/db-01-storage-primitives/src/PageFile.Tests";
    private const string ReferenceProject = "labs/db-01-storage-primitives/src/PageFile";
    private const string CheckedLine = "var storedNumber = Fixed.Read32(page[PageNumberOffset..]);";
    private const string BuggyLine = "var storedNumber = pageNumber; // planted bug: the stored page number is not read";
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    private readonly string _root = RepoLocator.TryFindFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("The tests must run from a checkout of the repository.");
    private readonly string _work = Path.Combine(Path.GetTempPath(), "fromscratch-learner-" + Guid.NewGuid().ToString("N"));

    // The learner's project folder; its build output goes to a sibling folder (inside it, the
    // project's default **/*.cs glob would pick up generated sources).
    private string Learner => Path.Combine(_work, "PageFile");

    private string Artifacts => Path.Combine(_work, "artifacts");

    [Fact(Timeout = 12 * 60 * 1000)]
    [Trait("Step", "00")]
    public async Task A_planted_bug_in_a_substituted_implementation_fails_the_lab_tests()
    {
        var project = CopyReferenceAsLearnerProject();

        var clean = await RunLabTests(project);
        clean.ExitCode.Should().Be(0, "the unmodified copy must pass, or the substitution itself is broken:\n{0}", clean.Output);
        clean.Output.Should().MatchRegex(@"(?m)^\s*succeeded:\s*[1-9]", "tests must actually have run against the copy");
        Directory.Exists(Path.Combine(Artifacts, "bin", "Shared")).Should().BeTrue(
            "the nested build must build the shared library into its own artifacts folder, not into shared/bin");

        var source = Path.Combine(Learner, "PageFile.cs");
        var original = await File.ReadAllTextAsync(source, TestContext.Current.CancellationToken);
        Regex.Count(original, Regex.Escape(CheckedLine)).Should().Be(1, "the bug is planted by replacing this one line of the reference");
        await File.WriteAllTextAsync(source, original.Replace(CheckedLine, BuggyLine, StringComparison.Ordinal), TestContext.Current.CancellationToken);
        (await File.ReadAllTextAsync(source, TestContext.Current.CancellationToken)).Should().NotBe(original).And.Contain(BuggyLine);

        var buggy = await RunLabTests(project);
        buggy.ExitCode.Should().NotBe(0, "the planted bug must be caught:\n{0}", buggy.Output);
        FailedTest().Matches(buggy.Output).Select(m => m.Groups["name"].Value)
            .Should().Contain(name => name.Contains("isdirect", StringComparison.OrdinalIgnoreCase),
                "a test about misdirected writes must be among the failures:\n{0}", buggy.Output);
    }

    // The learner's project: the reference's .cs files and a csproj that owes nothing to the
    // repository's Directory.Build.props (none applies outside the repository tree).
    private string CopyReferenceAsLearnerProject()
    {
        Directory.CreateDirectory(Learner);
        var reference = Path.Combine(_root, ReferenceProject);
        var sources = Directory.GetFiles(reference, "*.cs");
        sources.Should().Contain(f => Path.GetFileName(f) == "PageFile.cs");
        foreach (var file in sources)
        {
            File.Copy(file, Path.Combine(Learner, Path.GetFileName(file)));
        }

        var shared = Path.Combine(_root, "shared", "Shared.csproj");
        var project = Path.Combine(Learner, "LearnerPageFile.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>FromScratch.PageFile</RootNamespace>
                <AssemblyName>LearnerPageFile</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{shared}" />
              </ItemGroup>
            </Project>
            """);
        return project;
    }

    // A real nested `dotnet test`, its output captured (CapturingProcessRunner keeps the test
    // host's MSBuild and test-platform variables out of it and bounds it with RunLimit).
    private Task<(int ExitCode, string Output)> RunLabTests(string implementation) => Task.Run(() =>
    {
        var runner = new CapturingProcessRunner(RunLimit);
        var code = runner.Run(new ProcessSpec(
            "dotnet",
            ["test", "--project", TestProject, $"-p:LabImplementation={implementation}", "--artifacts-path", Artifacts],
            _root));
        return (code, runner.Output);
    }, TestContext.Current.CancellationToken);

    // MTP prints one line per failed test: "failed Namespace.Class.Method(args) (12ms)".
    [GeneratedRegex(@"(?m)^\s*failed\s+(?<name>\S+)")]
    private static partial Regex FailedTest();

    public void Dispose()
    {
        // Only this test's bin/impl-* and obj/impl-* folders: other tests build at the same time.
        Starter.ImplFolders.Remove(_root, Path.Combine(Learner, "LearnerPageFile.csproj"));

        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }
}
