using System.Text.RegularExpressions;

namespace FromScratch.Lab;

/// <summary>
/// Counts the test methods of a test project without building it: the methods marked
/// <c>[Fact]</c> or <c>[Theory]</c> (alone or in an attribute list, with or without arguments) in
/// its .cs files. A theory counts once, however many cases it has. Line comments are ignored.
/// </summary>
internal static partial class TestCounter
{
    /// <summary>The number of test methods in the project whose .csproj is <paramref name="projectPath"/>.</summary>
    public static int CountInProject(string projectPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        return SourceFiles(directory).Sum(f => CountInSource(File.ReadAllText(f)));
    }

    /// <summary>
    /// Whether a .cs file of the project whose .csproj is <paramref name="projectPath"/> tags a
    /// test with <c>[Trait("Step", "<paramref name="step"/>")]</c> (outside line comments).
    /// </summary>
    public static bool MentionsStep(string projectPath, string step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        if (!Directory.Exists(directory))
        {
            return false;
        }

        var pattern = new Regex(@"\bTrait\s*\(\s*""Step""\s*,\s*""" + Regex.Escape(step) + @"""\s*\)", RegexOptions.CultureInvariant);
        return SourceFiles(directory).Any(f => CodeLines(File.ReadAllText(f)).Any(pattern.IsMatch));
    }

    /// <summary>The number of <c>[Fact]</c> and <c>[Theory]</c> attributes in C# source text.</summary>
    public static int CountInSource(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var count = 0;
        foreach (var line in source.AsSpan().EnumerateLines())
        {
            var code = line;
            var comment = code.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0)
            {
                code = code[..comment];
            }

            foreach (var _ in TestAttribute().EnumerateMatches(code))
            {
                count++;
            }
        }

        return count;
    }

    private static IEnumerable<string> CodeLines(string source)
    {
        foreach (var line in source.Split('\n'))
        {
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            yield return comment >= 0 ? line[..comment] : line;
        }
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs"))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(sub);
            if (name is "bin" or "obj")
            {
                continue;
            }

            foreach (var file in SourceFiles(sub))
            {
                yield return file;
            }
        }
    }

    // "[Fact]", "[Theory(Skip = ...)]", "[Trait(...), Fact]", "[Xunit.FactAttribute]".
    [GeneratedRegex(@"[\[,]\s*(?:Xunit\.)?(?:Fact|Theory)(?:Attribute)?\s*[\](,]")]
    private static partial Regex TestAttribute();
}
