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

    /// <summary>
    /// db-02 with a small real reference (src/Wal: a format class, an enum and a writer, in
    /// namespace FromScratch.Wal), two step guides that name them, and a test source with step
    /// traits 01 and 02: enough for lab start, grade and diff to work on.
    /// </summary>
    public LabInfo AddWalLab()
    {
        var lab = Catalog.Find("db-02")!;
        AddLab(lab, "Wal", "[Fact]\n[Trait(\"Step\", \"01\")]\nvoid A() {}\n[Fact]\n[Trait(\"Step\", \"02\")]\nvoid B() {}\n");
        var dir = $"labs/{lab.Id}";
        Write($"{dir}/src/Wal/LogFormat.cs", """
            namespace FromScratch.Wal;

            // block := record* trailer

            /// <summary>The format.</summary>
            public static class LogFormat
            {
                /// <summary>Block size.</summary>
                public const int BlockSize = 32768;

                /// <summary>A checksum.</summary>
                public static uint Checksum(ReadOnlySpan<byte> data) => (uint)data.Length;
            }
            """);
        Write($"{dir}/src/Wal/RecordType.cs", "namespace FromScratch.Wal;\n\n/// <summary>Types.</summary>\npublic enum RecordType : byte\n{\n    /// <summary>Full.</summary>\n    Full = 1,\n}\n");
        Write($"{dir}/src/Wal/LogReader.cs", """
            namespace FromScratch.Wal;

            /// <summary>Reads.</summary>
            public sealed class LogReader
            {
                private readonly byte[] _data;

                /// <summary>Creates.</summary>
                public LogReader(byte[] data) { _data = data; }

                /// <summary>Reads one.</summary>
                public bool TryRead(out int length) { length = Skip(); return length > 0; }

                private int Skip() => _data.Length;
            }
            """);
        Write($"{dir}/steps/01-format.md", "# Step 01\n\n## Key code\n\nReference: `src/Wal/LogFormat.cs` (`LogFormat`), `RecordType`.\n");
        Write($"{dir}/steps/02-reader.md", "# Step 02\n\n## Key code\n\nReference: `src/Wal/LogReader.cs` (`LogReader`).\n");
        Write($"{dir}/CONCEPTS.md", "# Concepts\n");
        return lab;
    }

    /// <summary>The repository these tests run in (for its build files and fixtures).</summary>
    public static string RealRoot { get; } = RepoLocator.TryFindFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("The tests must run from a checkout of the repository.");

    /// <summary>
    /// The fixture lab of tests/Lab.Tests/Fixtures/db-22-replicated-kv (components Core and Server,
    /// Server built on Core, and the tool project Shell) as labs/db-22-replicated-kv/, with the real
    /// repository's build files beside it (global.json, Directory.Build.props and .targets,
    /// Directory.Packages.props, .editorconfig, build/Lab.targets), so that it builds for real.
    /// </summary>
    public LabInfo AddFixtureLab()
    {
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "build/Lab.targets" })
        {
            Write(file, File.ReadAllText(Path.Combine(RealRoot, file)));
        }

        var lab = Catalog.Find("db-22")!;
        var fixture = Path.Combine(RealRoot, "tests", "Lab.Tests", "Fixtures", lab.Id);
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories)
                     .Where(f => !Path.GetRelativePath(fixture, f).Split('/', '\\').Any(p => p is "bin" or "obj")))
        {
            Write($"labs/{lab.Id}/{Path.GetRelativePath(fixture, file).Replace('\\', '/')}", File.ReadAllText(file));
        }

        return lab;
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
