namespace FromScratch.Lab.Tests;

/// <summary>
/// Two labs with a component named Shared, as db-01 and db-03 have (db-01 builds the shared
/// library's coding, checksums and files; db-03 its simulated file system): the real shared/ sources
/// and the real step guides of both labs in a throw-away repository, db-01 testing Shared through
/// tests/Shared.Tests and db-03 through a test project of its own. Each lab's starter of Shared
/// stubs only what that lab's steps name and keeps every other file whole: the learner's db-01 work
/// is not their db-03 task.
/// </summary>
public sealed class SharedComponentTests : IDisposable
{
    private const string Db03Tests = "labs/db-03-crash-consistency/src/FileSystems.Tests";
    private readonly TempRepository _repo = new();

    public SharedComponentTests()
    {
        var real = TempRepository.RealRoot;
        _repo.Write("Directory.Packages.props", File.ReadAllText(Path.Combine(real, "Directory.Packages.props")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(real, "shared"), "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
                     .Where(f => !Path.GetRelativePath(real, f).Split('/', '\\').Any(p => p is "bin" or "obj")))
        {
            _repo.Write(Path.GetRelativePath(real, file), File.ReadAllText(file));
        }

        foreach (var lab in new[] { "db-01-storage-primitives", "db-03-crash-consistency" })
        {
            foreach (var step in Directory.EnumerateFiles(Path.Combine(real, "labs", lab, "steps"), "*.md"))
            {
                _repo.Write($"labs/{lab}/steps/{Path.GetFileName(step)}", File.ReadAllText(step));
            }
        }

        const string SharedTests = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><LabComponent>Shared</LabComponent>"
                                   + "<LabReferenceImplementation>$(MSBuildThisFileDirectory){0}shared/Shared.csproj</LabReferenceImplementation></PropertyGroup></Project>";
        _repo.Write("tests/Shared.Tests/Shared.Tests.csproj", string.Format(System.Globalization.CultureInfo.InvariantCulture, SharedTests, "../../"));
        _repo.Write("tests/Shared.Tests/CrcTests.cs", "[Fact]\n[Trait(\"Step\", \"03\")]\nvoid Crc() {}\n");
        _repo.Write($"{Db03Tests}/FileSystems.Tests.csproj", string.Format(System.Globalization.CultureInfo.InvariantCulture, SharedTests, "../../../../"));
        _repo.Write($"{Db03Tests}/SimulatorTests.cs", "[Fact]\n[Trait(\"Step\", \"02\")]\nvoid Sim() {}\n");
        _repo.Write("labs/db-01-storage-primitives/db-01-storage-primitives.slnx", "<Solution><Project Path=\"../../tests/Shared.Tests/Shared.Tests.csproj\" /></Solution>");
        _repo.Write("labs/db-03-crash-consistency/db-03-crash-consistency.slnx", "<Solution><Project Path=\"src/FileSystems.Tests/FileSystems.Tests.csproj\" /></Solution>");
    }

    // One test, not two: each start compiles the whole shared library twice in memory (its API check).
    [Fact]
    [Trait("Step", "00")]
    public void Each_lab_s_starter_of_shared_stubs_only_what_its_own_steps_name_and_is_tested_by_its_own_test_project()
    {
        var db03 = LabRun.Of(_repo.Root, ["start", "db-03"]);
        var db01 = LabRun.Of(_repo.Root, ["start", "db-01"]);

        db03.ExitCode.Should().Be(0, db03.Error);
        db03.Error.Should().BeEmpty("the starter of the shared library has its public API");
        db03.Output.Should().Contain("Shared/Shared.csproj:")
            .And.Contain("(steps 01, 02, 04)", "step 03 builds internal types and SimulatedFileSystem's directory operations, which step 02 already stubs")
            .And.Contain("./lab test db-03 --impl my-work/db-03-crash-consistency --step 01", "the simulator's steps are the learner's now: red from step 01");
        var (rewritten, whole) = Compare("my-work/db-03-crash-consistency/Shared");
        rewritten.Should().Contain(["FileSystems/RealFileSystem.cs", "FileSystems/SimulatedFileSystem.cs", "FileSystems/FaultPlan.cs"])
            .And.OnlyContain(f => f.StartsWith("FileSystems/", StringComparison.Ordinal), "db-03's steps build the file systems only");
        whole.Should().Contain(["Checksums/Crc32C.cs", "Coding/Varint.cs", "IO/FileIo.cs"], "db-01's work is given whole in db-03's starter");
        File.ReadAllText(_repo.PathOf("my-work/db-03-crash-consistency/Shared/FileSystems/SimulatedFileSystem.cs"))
            .Should().Contain("see labs/db-03-crash-consistency/steps/02-").And.NotContain("see labs/db-01");

        db01.ExitCode.Should().Be(0, db01.Error);
        var (db01Rewritten, db01Whole) = Compare("my-work/db-01-storage-primitives/Shared");
        db01Rewritten.Should().Contain("Checksums/Crc32C.cs").And.NotContain("FileSystems/SimulatedFileSystem.cs");
        db01Whole.Should().Contain("FileSystems/SimulatedFileSystem.cs", "db-03 builds the simulator, not db-01");

        var test01 = LabRun.Of(_repo.Root, ["test", "db-01", "--impl", "my-work/db-01-storage-primitives"]);
        var test03 = LabRun.Of(_repo.Root, ["test", "db-03", "--impl", "my-work/db-03-crash-consistency", "--step", "02"]);
        test01.Single.Arguments.Should().Equal("test", "--project", "tests/Shared.Tests", $"-p:LabImplementation={_repo.PathOf("my-work/db-01-storage-primitives/Shared/Shared.csproj")}");
        test03.Single.Arguments.Should().Equal("test", "--project", Db03Tests, $"-p:LabImplementation={_repo.PathOf("my-work/db-03-crash-consistency/Shared/Shared.csproj")}", "--filter-trait", "Step=02");
    }

    // The starter's files that differ from shared/ and those that are the same, relative, with '/'.
    private (List<string> Rewritten, List<string> Whole) Compare(string starter)
    {
        var reference = _repo.PathOf("shared");
        var files = Directory.EnumerateFiles(reference, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(reference, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .ToList();
        var same = files.Where(f => File.ReadAllText(Path.Combine(reference, f)) == File.ReadAllText(_repo.PathOf($"{starter}/{f}"))).ToList();
        return (files.Except(same).ToList(), same);
    }

    public void Dispose() => _repo.Dispose();
}
