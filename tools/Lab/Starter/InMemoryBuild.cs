using System.Runtime.InteropServices;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FromScratch.Lab.Starter;

/// <summary>An in-memory compilation's result: the assembly's bytes, or the errors.</summary>
internal sealed record InMemoryAssembly(string Name, byte[]? Image, IReadOnlyList<string> Errors)
{
    /// <summary>Whether it compiled.</summary>
    public bool Succeeded => Image is not null;
}

/// <summary>
/// Compiles a repository project and a starter's project in memory with Roslyn, the way the
/// repository's build would (net10.0 reference assemblies, nullable, implicit usings), so that their
/// public APIs can be compared (<see cref="ApiSurface"/>) in a second or two instead of a
/// <c>dotnet build</c>. Project references are compiled from source, recursively (and cached);
/// package references come from the NuGet cache, with the versions of Directory.Packages.props, so
/// they must have been restored once (any build of the repository does that).
/// Not a build system: the framework's source generators run ([GeneratedRegex], [LibraryImport]),
/// but no analyzers, no other generators, no resources. Enough for the labs' class libraries.
/// </summary>
internal sealed class InMemoryBuild
{
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] FrameworkPreference =
        ["net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "netstandard2.1", "netstandard2.0"];

    private readonly IReadOnlyDictionary<string, string> _central;
    private readonly Dictionary<string, (InMemoryAssembly Assembly, IReadOnlyList<MetadataReference> Closure)> _projects = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<MetadataReference> _framework;
    private readonly IReadOnlyList<ISourceGenerator> _generators;

    /// <summary>A build for the repository at <paramref name="repoRoot"/>.</summary>
    public InMemoryBuild(string repoRoot)
    {
        _central = StarterGenerator.CentralVersions(repoRoot);
        _framework = FrameworkReferences();
        _generators = FrameworkGenerators();
    }

    /// <summary>
    /// The source generators the SDK runs on every C# project (the regular-expression, interop and
    /// logging generators of the targeting pack's analyzers/dotnet/cs folder), so that code using
    /// [GeneratedRegex] or [LibraryImport] compiles; none when they cannot be loaded.
    /// </summary>
    public static IReadOnlyList<ISourceGenerator> FrameworkGenerators()
    {
        var pack = TargetingPack();
        var analyzers = pack is null ? null : Path.GetFullPath(Path.Combine(pack, "..", "..", "analyzers", "dotnet", "cs"));
        if (analyzers is null || !Directory.Exists(analyzers))
        {
            return [];
        }

        var loader = new AnalyzerLoader();
        var generators = new List<ISourceGenerator>();
        foreach (var dll in Directory.EnumerateFiles(analyzers, "*.dll"))
        {
            try
            {
                generators.AddRange(new AnalyzerFileReference(dll, loader).GetGenerators(LanguageNames.CSharp));
            }
            catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException or TypeLoadException or System.Reflection.ReflectionTypeLoadException)
            {
                // A generator this Roslyn cannot load: code that needs it will not compile in memory.
            }
        }

        return generators;
    }

    /// <summary>The framework's reference assemblies: the targeting pack next to the running runtime, else the runtime's own assemblies.</summary>
    public static IReadOnlyList<MetadataReference> FrameworkReferences()
    {
        var pack = TargetingPack();
        if (pack is not null)
        {
            return [.. Directory.EnumerateFiles(pack, "*.dll").Select(f => MetadataReference.CreateFromFile(f))];
        }

        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return [.. trusted.Where(f => Path.GetFileName(f).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(f) is "mscorlib.dll" or "netstandard.dll")
            .Select(f => MetadataReference.CreateFromFile(f))];
    }

    // packs/Microsoft.NETCore.App.Ref/<newest version of this runtime's major>/ref/net<major>.0 next
    // to the running runtime; null when there is none (a runtime without an SDK).
    private static string? TargetingPack()
    {
        var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major;
        if (!Directory.Exists(packs))
        {
            return null;
        }

        return Directory.EnumerateDirectories(packs, major + ".*")
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
            .Where(x => x.Version is not null)
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "ref", $"net{major}.0"))
            .FirstOrDefault(Directory.Exists);
    }

    /// <summary>Compiles the repository project <paramref name="csproj"/> (with its project references) from source.</summary>
    public InMemoryAssembly Project(string csproj) => ProjectWithClosure(Path.GetFullPath(csproj)).Assembly;

    /// <summary>
    /// Compiles the .cs files under <paramref name="sourceDirectory"/> (outside bin/obj) as
    /// <paramref name="assemblyName"/>, against what the repository project <paramref name="referenceCsproj"/>
    /// references: its project references (compiled from source) and its packages.
    /// </summary>
    public InMemoryAssembly CompileLike(string referenceCsproj, string sourceDirectory, string assemblyName)
    {
        var references = ReferencesOf(Path.GetFullPath(referenceCsproj), out var allowUnsafe, out var errors);
        if (errors.Count > 0)
        {
            return new InMemoryAssembly(assemblyName, null, errors);
        }

        return Compile(assemblyName, StarterGenerator.SourceFiles(sourceDirectory), references, allowUnsafe);
    }

    private (InMemoryAssembly Assembly, IReadOnlyList<MetadataReference> Closure) ProjectWithClosure(string csproj)
    {
        if (_projects.TryGetValue(csproj, out var cached))
        {
            return cached;
        }

        var name = "FromScratch." + Path.GetFileNameWithoutExtension(csproj);
        if (!File.Exists(csproj))
        {
            var missing = (new InMemoryAssembly(name, null, [$"{csproj} does not exist"]), (IReadOnlyList<MetadataReference>)_framework);
            _projects[csproj] = missing;
            return missing;
        }

        var references = ReferencesOf(csproj, out var allowUnsafe, out var errors);
        var assembly = errors.Count > 0
            ? new InMemoryAssembly(name, null, errors)
            : Compile(name, StarterGenerator.SourceFiles(Path.GetDirectoryName(csproj)!), references, allowUnsafe);
        IReadOnlyList<MetadataReference> closure = assembly.Image is null
            ? references
            : [.. references, MetadataReference.CreateFromImage(assembly.Image)];
        _projects[csproj] = (assembly, closure);
        return (assembly, closure);
    }

    // Framework + packages + project references (compiled, with their own references: C# needs
    // the assemblies that types in referenced signatures come from).
    private List<MetadataReference> ReferencesOf(string csproj, out bool allowUnsafe, out List<string> errors)
    {
        var document = XDocument.Load(csproj);
        var dir = Path.GetDirectoryName(csproj)!;
        allowUnsafe = document.Descendants("AllowUnsafeBlocks").Any(e => e.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
        errors = [];
        var references = new List<MetadataReference>(_framework);
        foreach (var package in document.Descendants("PackageReference"))
        {
            var id = (string?)package.Attribute("Include");
            if (id is null)
            {
                continue;
            }

            var version = (string?)package.Attribute("Version") ?? (_central.TryGetValue(id, out var v) ? v : null);
            var dlls = version is null ? null : PackageAssemblies(id, version);
            if (dlls is null)
            {
                errors.Add($"{Path.GetFileName(csproj)}: package {id} {version} is not in the NuGet cache; restore the repository once (dotnet restore).");
                continue;
            }

            references.AddRange(dlls.Select(f => MetadataReference.CreateFromFile(f)));
        }

        var seen = new HashSet<MetadataReference>(ReferenceEqualityComparer.Instance);
        foreach (var include in document.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>())
        {
            var path = Path.GetFullPath(Path.Combine(dir, include.Replace('\\', '/')));
            var (assembly, closure) = ProjectWithClosure(path);
            if (!assembly.Succeeded)
            {
                errors.Add($"{Path.GetFileName(path)} does not compile: {string.Join("; ", assembly.Errors.Take(5))}");
                continue;
            }

            foreach (var reference in closure.Skip(_framework.Count))
            {
                if (seen.Add(reference))
                {
                    references.Add(reference);
                }
            }
        }

        return references;
    }

    private InMemoryAssembly Compile(string name, IEnumerable<string> files, IReadOnlyList<MetadataReference> references, bool allowUnsafe)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), StarterRewriter.Parsing, path: f)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")), StarterRewriter.Parsing, path: "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create(name, trees, references, new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: allowUnsafe,
            deterministic: true));
        if (_generators.Count > 0)
        {
            CSharpGeneratorDriver.Create(_generators, parseOptions: StarterRewriter.Parsing)
                .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
            compilation = (CSharpCompilation)generated;
        }

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            return new InMemoryAssembly(name, null, [.. emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())]);
        }

        return new InMemoryAssembly(name, image.ToArray(), []);
    }

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }

    // The compile-time assemblies of a package in the NuGet cache, for the newest framework it ships.
    private static IReadOnlyList<string>? PackageAssemblies(string id, string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var root = Path.Combine(cache, id.ToLowerInvariant(), version.ToLowerInvariant());
        foreach (var framework in FrameworkPreference)
        {
            foreach (var folder in new[] { "ref", "lib" })
            {
                var dir = Path.Combine(root, folder, framework);
                if (Directory.Exists(dir))
                {
                    var dlls = Directory.GetFiles(dir, "*.dll");
                    if (dlls.Length > 0)
                    {
                        return dlls;
                    }
                }
            }
        }

        return null;
    }
}
