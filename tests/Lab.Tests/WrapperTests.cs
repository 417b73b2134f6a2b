namespace FromScratch.Lab.Tests;

public sealed class WrapperTests
{
    private static readonly string Root = RepoLocator.TryFindFrom(AppContext.BaseDirectory)!;

    [Fact]
    [Trait("Step", "00")]
    public void The_bash_wrapper_is_executable_and_runs_the_lab_tool()
    {
        var path = Path.Combine(Root, "lab");
        var text = File.ReadAllText(path);

        text.Should().StartWith("#!/usr/bin/env bash").And.Contain("tools/Lab").And.Contain("exec dotnet");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().HaveFlag(UnixFileMode.UserExecute);
        }
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("lab.cmd")]
    [InlineData("lab.ps1")]
    public void The_windows_wrappers_run_the_lab_tool_and_pass_its_exit_code_on(string name)
    {
        var text = File.ReadAllText(Path.Combine(Root, name));

        text.Should().Contain("tools").And.Contain("Lab");
        text.Should().MatchRegex(@"(?i)exit\s+(/b\s+%ERRORLEVEL%|\$LASTEXITCODE)");
    }
}
