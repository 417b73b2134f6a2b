using System.Text.RegularExpressions;

namespace FromScratch.Lab.Starter;

/// <summary>One step of a lab: its two-digit number and its guide, relative to the repository root.</summary>
/// <param name="Number">"01".."99".</param>
/// <param name="Path">e.g. <c>labs/db-02-write-ahead-log/steps/03-corruption-reporting-and-resynchronisation.md</c>.</param>
internal sealed record StepRef(string Number, string Path)
{
    /// <summary>The message a starter's stub throws: "Step 03: see labs/.../steps/03-....md (LogReader.TryReadRecord)".</summary>
    public string StubMessage(string member) => $"Step {Number}: {member}, see {Path}";
}

/// <summary>
/// Which step of a lab builds which reference type or member, read from the lab's
/// <c>steps/NN-*.md</c> without any marker in the code. A step's "Key code" section names what it
/// builds: its "Reference:" paragraph lists the reference files and types in inline code
/// (<c>`src/Wal/LogReader.cs`</c>, <c>`LogReader`</c>, <c>`LogReader.TryReadRecord`</c>), and its code
/// blocks declare types (<c>public sealed class LogWriter</c>). A type belongs to the first step that
/// names it or its file there; a member to the first step that names <c>Type.Member</c> or its type.
/// Other mentions do not count (step 01 of db-02 lists the whole API in its prose; step 06 of db-01
/// uses <c>RealFileSystem.Instance</c> in an example without building it). A step without a
/// "Reference:" paragraph counts every inline code span of its Key code section, and a step
/// without a Key code section its whole text.
/// </summary>
internal sealed partial class StepMap
{
    private readonly List<(StepRef Step, HashSet<string> Words, HashSet<string> Qualified, HashSet<string> Files)> _steps;

    private StepMap(List<(StepRef, HashSet<string>, HashSet<string>, HashSet<string>)> steps) => _steps = steps;

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<StepRef> Steps => _steps.Select(s => s.Step).ToList();

    /// <summary>Reads <c>steps/*.md</c> of the lab at <paramref name="labDirectory"/>; <paramref name="repoRoot"/> makes the paths relative.</summary>
    public static StepMap Load(string repoRoot, string labDirectory)
    {
        var stepsDir = System.IO.Path.Combine(labDirectory, "steps");
        var steps = new List<(StepRef, HashSet<string>, HashSet<string>, HashSet<string>)>();
        if (Directory.Exists(stepsDir))
        {
            foreach (var file in Directory.EnumerateFiles(stepsDir, "*.md").Order(StringComparer.Ordinal))
            {
                var name = System.IO.Path.GetFileName(file);
                var number = StepFileName().Match(name);
                if (!number.Success)
                {
                    continue;
                }

                var relative = System.IO.Path.GetRelativePath(repoRoot, file).Replace('\\', '/');
                steps.Add(Parse(new StepRef(number.Groups[1].Value, relative), File.ReadAllText(file)));
            }
        }

        return new StepMap(steps);
    }

    /// <summary>A map from already-read step texts (for tests), in the order given.</summary>
    public static StepMap FromTexts(IEnumerable<(StepRef Step, string Markdown)> steps) =>
        new([.. steps.Select(s => Parse(s.Step, s.Markdown))]);

    /// <summary>The first step that names <paramref name="typeName"/> or the file <paramref name="fileName"/> (e.g. LogReader.cs); null when none does.</summary>
    public StepRef? ForType(string typeName, string? fileName)
    {
        foreach (var (step, words, _, files) in _steps)
        {
            if (words.Contains(typeName) || (fileName is not null && files.Contains(fileName)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>The first step that names <c>typeName.memberName</c>, or the type (or its file), whichever comes first.</summary>
    public StepRef? ForMember(string typeName, string memberName, string? fileName)
    {
        foreach (var (step, words, qualified, files) in _steps)
        {
            if (qualified.Contains(typeName + "." + memberName) || words.Contains(typeName)
                || (fileName is not null && files.Contains(fileName)))
            {
                return step;
            }
        }

        return null;
    }

    private static (StepRef, HashSet<string>, HashSet<string>, HashSet<string>) Parse(StepRef step, string markdown)
    {
        var section = KeyCodeSection(markdown);
        var words = new HashSet<string>(StringComparer.Ordinal);
        var qualified = new HashSet<string>(StringComparer.Ordinal);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var (reference, blocks, inline) = Split(section);

        // What the step builds: the files and types of its "Reference:" paragraph (all inline code
        // of the section when it has no such paragraph), and the types its code blocks declare.
        // Other mentions (a type used in an example, a type "the shared library also holds") do not count.
        foreach (var code in reference ?? inline)
        {
            foreach (Match m in FilePath().Matches(code))
            {
                files.Add(m.Groups["file"].Value);
            }

            AddNames(code, words, qualified);
        }

        foreach (var block in blocks)
        {
            foreach (Match m in Declaration().Matches(block))
            {
                words.Add(m.Groups["name"].Value);
            }

            AddNames(block, null, qualified);
        }

        return (step, words, qualified, files);
    }

    private static void AddNames(string code, HashSet<string>? words, HashSet<string> qualified)
    {
        foreach (Match m in DottedName().Matches(code))
        {
            var parts = m.Value.Split('.');
            foreach (var part in parts)
            {
                words?.Add(part);
            }

            for (var i = 0; i + 1 < parts.Length; i++)
            {
                qualified.Add(parts[i] + "." + parts[i + 1]);
            }
        }
    }

    // The inline code of the paragraph that starts with "Reference" (null when there is none), the
    // fenced code blocks, and all inline code outside them.
    private static (List<string>? Reference, List<string> Blocks, List<string> Inline) Split(string markdown)
    {
        List<string>? reference = null;
        var blocks = new List<string>();
        var inline = new List<string>();
        var fence = false;
        var inReference = false;
        var block = new List<string>();
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (fence)
                {
                    blocks.Add(string.Join('\n', block));
                    block.Clear();
                }

                fence = !fence;
                inReference = false;
                continue;
            }

            if (fence)
            {
                block.Add(line);
                continue;
            }

            if (line.Trim().Length == 0)
            {
                inReference = false;
                continue;
            }

            if (reference is null && line.TrimStart().StartsWith("Reference", StringComparison.OrdinalIgnoreCase))
            {
                reference = [];
                inReference = true;
            }

            foreach (Match m in InlineCode().Matches(line))
            {
                inline.Add(m.Groups[1].Value);
                if (inReference)
                {
                    reference!.Add(m.Groups[1].Value);
                }
            }
        }

        if (fence)
        {
            blocks.Add(string.Join('\n', block));
        }

        return (reference, blocks, inline);
    }

    // The "## Key code" section up to the next "## " heading; the whole text when there is none.
    private static string KeyCodeSection(string markdown)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd().StartsWith("## Key code", StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            return markdown;
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal) && !l.StartsWith("###", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    [GeneratedRegex(@"^(\d{2})-.*\.md$")]
    private static partial Regex StepFileName();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(?<file>[A-Za-z_][A-Za-z0-9_]*\.cs)\b")]
    private static partial Regex FilePath();

    [GeneratedRegex(@"\b(?:class|struct|record|interface|enum)\s+(?:struct\s+|class\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")]
    private static partial Regex DottedName();
}
