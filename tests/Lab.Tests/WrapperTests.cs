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

    [Fact]
    [Trait("Step", "00")]
    public void The_local_tool_manifest_pins_the_tools_the_docs_run()
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, ".config", "dotnet-tools.json")));
        var tools = manifest.RootElement.GetProperty("tools");

        // PowerShell 7.7.0 does not work from the package feed the repository is tested with (TOOLS.md).
        foreach (var (id, version, command) in new[]
                 {
                     ("powershell", "7.6.10", "pwsh"), ("dotnet-counters", "10.0.750501", "dotnet-counters"),
                     ("dotnet-trace", "10.0.750501", "dotnet-trace"), ("dotnet-stryker", "5.1.0", "dotnet-stryker"),
                 })
        {
            var tool = tools.GetProperty(id);
            tool.GetProperty("version").GetString().Should().Be(version, id);
            tool.GetProperty("commands").EnumerateArray().Select(c => c.GetString()).Should().Equal([command], id);
        }
    }
}
