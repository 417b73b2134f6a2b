namespace FromScratch.Lab.Tests;

public sealed class ProcessSpecTests
{
    [Fact]
    [Trait("Step", "00")]
    public void Command_line_quotes_only_arguments_a_shell_would_split_or_expand()
    {
        var spec = new ProcessSpec("dotnet", ["test", "--filter-trait", "Step=03", "-p:LabImplementation=/a/b.csproj", "*", "my dir", "it's"], "/");

        spec.CommandLine.Should().Be("dotnet test --filter-trait Step=03 -p:LabImplementation=/a/b.csproj '*' 'my dir' 'it'\\''s'");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Real_runner_returns_the_child_exit_code()
    {
        var runner = new ProcessRunner();

        var code = runner.Run(new ProcessSpec("dotnet", ["--version"], Path.GetTempPath()));
        var bad = runner.Run(new ProcessSpec("dotnet", ["no-such-command-xyz"], Path.GetTempPath()));

        code.Should().Be(0);
        bad.Should().NotBe(0);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Real_runner_reports_a_missing_program_as_a_usage_error()
    {
        var act = () => new ProcessRunner().Run(new ProcessSpec("no-such-program-" + Guid.NewGuid().ToString("N"), [], Path.GetTempPath()));

        act.Should().Throw<LabCommandException>().Which.Message.Should().Contain("cannot start");
    }
}
