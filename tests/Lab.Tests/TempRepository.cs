namespace FromScratch.Lab.Tests;

/// <summary>
/// A throw-away repository in a unique temp folder: a FromScratch.slnx at the root, and lab folders
/// with just the files the lab command looks for (a .slnx, test, demo and benchmark projects).
/// Deleted on dispose.
/// </summary>
internal sealed class TempRepository : IDisposable
{
    public TempRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "fromscratch-lab-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Write("FromScratch.slnx", "<Solution />\n");
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>
    /// labs/&lt;id&gt;/ with &lt;id&gt;.slnx listing src/&lt;component&gt;, its .Tests project (with
    /// <paramref name="testSource"/> as its only .cs file) and, when asked, .Demo and .Benchmarks.
    /// </summary>
    public void AddLab(LabInfo lab, string component, string testSource = "", bool demo = false, bool benchmarks = false, IEnumerable<string>? extraSolutionProjects = null)
    {
        var dir = $"labs/{lab.Id}";
        Write($"{dir}/src/{component}/{component}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        Write($"{dir}/src/{component}.Tests/{component}.Tests.csproj",
            $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <LabComponent>{component}</LabComponent>\n  </PropertyGroup>\n</Project>\n");
        Write($"{dir}/src/{component}.Tests/{component}Tests.cs", testSource);
        List<string> projects = [$"src/{component}/{component}.csproj", $"src/{component}.Tests/{component}.Tests.csproj"];
        if (demo)
        {
            Write($"{dir}/src/{component}.Demo/{component}.Demo.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
            projects.Add($"src/{component}.Demo/{component}.Demo.csproj");
        }

        if (benchmarks)
        {
            Write($"{dir}/src/{component}.Benchmarks/{component}.Benchmarks.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
            projects.Add($"src/{component}.Benchmarks/{component}.Benchmarks.csproj");
        }

        projects.AddRange(extraSolutionProjects ?? []);
        var lines = projects.Select(p => $"  <Project Path=\"{p}\" />");
        Write($"{dir}/{lab.Id}.slnx", "<Solution>\n" + string.Join("\n", lines) + "\n</Solution>\n");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
