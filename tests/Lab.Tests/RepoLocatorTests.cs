namespace FromScratch.Lab.Tests;

public sealed class RepoLocatorTests : IDisposable
{
    private readonly TempRepository _repo = new();
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "fromscratch-outside-" + Guid.NewGuid().ToString("N"));

    public RepoLocatorTests() => Directory.CreateDirectory(_outside);

    [Fact]
    [Trait("Step", "00")]
    public void Finds_the_root_from_a_folder_deep_inside_it()
    {
        var deep = _repo.PathOf("labs/db-01-storage-primitives/src/PageFile");
        Directory.CreateDirectory(deep);

        RepoLocator.TryFindFrom(deep).Should().Be(_repo.Root);
        RepoLocator.TryFindFrom(_repo.Root).Should().Be(_repo.Root);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Prefers_the_current_directory_and_falls_back_to_the_tool_location()
    {
        using var other = new TempRepository();

        RepoLocator.Locate(other.Root, _repo.Root).Should().Be(other.Root);
        RepoLocator.Locate(_outside, _repo.Root).Should().Be(_repo.Root);
    }

    [Fact]
    [Trait("Step", "00")]
    public void No_repository_above_either_place_is_a_clear_error()
    {
        RepoLocator.TryFindFrom(_outside).Should().BeNull();
        var act = () => RepoLocator.Locate(_outside, _outside);

        var error = act.Should().Throw<LabCommandException>().Which;
        error.Message.Should().Contain("FromScratch.slnx").And.Contain(_outside);
        error.ExitCode.Should().Be(2);
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_command_run_outside_any_repository_exits_2_with_the_reason()
    {
        var run = LabRun.Of(_outside, ["list"]);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("cannot find the From Scratch repository");
        run.Runs.Should().BeEmpty();
    }

    [Fact]
    [Trait("Step", "00")]
    public void The_real_repository_is_found_from_the_test_binaries()
    {
        var root = RepoLocator.TryFindFrom(AppContext.BaseDirectory);

        root.Should().NotBeNull();
        File.Exists(Path.Combine(root!, "tools", "Lab", "Lab.csproj")).Should().BeTrue();
    }

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_outside, recursive: true);
    }
}
