using System.Text.RegularExpressions;

namespace FromScratch.Lab.Conformance;

/// <summary>
/// Checks that a lab folder has the shape every lab shares (CONVENTIONS.md section 4): the
/// eight-part CONCEPTS.md, references.md, the five docs, contiguous steps, the three projects
/// under src/ and both solution files. The thresholds are low enough for any real lab and high
/// enough that a placeholder fails.
/// </summary>
public static partial class LabShape
{
    /// <summary>The least number of prose words in each CONCEPTS.md section.</summary>
    public const int MinSectionWords = 60;

    /// <summary>The least number of prose words in the whole CONCEPTS.md.</summary>
    public const int MinConceptsWords = 1500;

    /// <summary>The least number of lines in the diagram block of "How It Works".</summary>
    public const int MinDiagramLines = 3;

    /// <summary>The least number of distinct http(s) links in references.md.</summary>
    public const int MinReferenceLinks = 6;

    /// <summary>The least number of prose words in each of the five docs.</summary>
    public const int MinDocWords = 250;

    /// <summary>The least number of prose words in each step.</summary>
    public const int MinStepWords = 150;

    /// <summary>The least number of steps.</summary>
    public const int MinSteps = 3;

    /// <summary>The eight sections of CONCEPTS.md, in order, as <c>##</c> headings (an optional "1." numbering is allowed).</summary>
    public static IReadOnlyList<string> ConceptSections { get; } =
    [
        "What Is It",
        "Why It Matters",
        "How It Works",
        "Core Terminology",
        "Mental Models",
        "Common Misconceptions",
        "Interview Talking Points",
        "Connections to Other Labs",
    ];

    /// <summary>The five files under docs/.</summary>
    public static IReadOnlyList<string> Docs { get; } =
        ["analysis.md", "broader-ideas.md", "execution.md", "observation.md", "verification.md"];

    /// <summary>
    /// The problems of <paramref name="lab"/>'s folder under <paramref name="repoRoot"/>/labs/, each
    /// naming the file and what is wrong. Empty when the lab conforms. A lab whose folder does not
    /// exist has exactly one problem, saying so.
    /// </summary>
    public static IReadOnlyList<string> Check(string repoRoot, LabInfo lab)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        ArgumentNullException.ThrowIfNull(lab);
        var labDir = Path.Combine(repoRoot, "labs", lab.Id);
        if (!Directory.Exists(labDir))
        {
            return [$"labs/{lab.Id}/: the lab folder does not exist (the lab is planned)"];
        }

        var problems = new List<string>();
        CheckConcepts(repoRoot, labDir, problems);
        CheckReferences(repoRoot, labDir, problems);
        CheckDocs(repoRoot, labDir, problems);
        CheckSteps(repoRoot, labDir, problems);
        CheckProjects(repoRoot, labDir, lab, problems);
        foreach (var md in LinkChecker.MarkdownFiles(labDir))
        {
            problems.AddRange(LinkChecker.Check(repoRoot, md));
        }

        return problems;
    }

    /// <summary>
    /// <see cref="LabStatus.Planned"/> when labs/&lt;id&gt; does not exist,
    /// <see cref="LabStatus.Complete"/> when <see cref="Check"/> finds nothing, otherwise
    /// <see cref="LabStatus.InProgress"/>.
    /// </summary>
    public static LabStatus StatusOf(string repoRoot, LabInfo lab)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        ArgumentNullException.ThrowIfNull(lab);
        if (!Directory.Exists(Path.Combine(repoRoot, "labs", lab.Id)))
        {
            return LabStatus.Planned;
        }

        return Check(repoRoot, lab).Count == 0 ? LabStatus.Complete : LabStatus.InProgress;
    }

    /// <summary>A path relative to the repository root, with '/' separators, for messages.</summary>
    internal static string Display(string repoRoot, string path) =>
        Path.GetRelativePath(Path.GetFullPath(repoRoot), Path.GetFullPath(path)).Replace('\\', '/');

    private static void CheckConcepts(string repoRoot, string labDir, List<string> problems)
    {
        var path = Path.Combine(labDir, "CONCEPTS.md");
        var name = Display(repoRoot, path);
        if (!File.Exists(path))
        {
            problems.Add($"{name}: missing (the eight-part concept guide)");
            return;
        }

        var doc = MarkdownDocument.Load(path);
        var headings = doc.Headings(2);
        var found = new List<(string Section, int Line)>();
        foreach (var (line, text) in headings)
        {
            var normalized = NormalizeSection(text);
            var section = ConceptSections.FirstOrDefault(s => s.Equals(normalized, StringComparison.OrdinalIgnoreCase));
            if (section is null)
            {
                problems.Add($"{name}:{line + 1}: unexpected section '## {text}'; CONCEPTS.md has exactly the eight sections {string.Join(", ", ConceptSections)} (use ### inside a section)");
            }
            else if (found.Any(f => f.Section == section))
            {
                problems.Add($"{name}:{line + 1}: section '{section}' appears twice");
            }
            else
            {
                found.Add((section, line));
            }
        }

        foreach (var missing in ConceptSections.Where(s => found.All(f => f.Section != s)))
        {
            problems.Add($"{name}: missing section '## {missing}'");
        }

        var expectedOrder = ConceptSections.Where(s => found.Any(f => f.Section == s)).ToList();
        if (!found.Select(f => f.Section).SequenceEqual(expectedOrder))
        {
            problems.Add($"{name}: sections out of order: found {string.Join(", ", found.Select(f => f.Section))}; expected {string.Join(", ", ConceptSections)}");
        }

        foreach (var (section, line) in found)
        {
            var end = doc.NextHeading(line, 2);
            var words = doc.CountWords(line + 1, end);
            if (words < MinSectionWords)
            {
                problems.Add($"{name}:{line + 1}: section '{section}' has {words} words of prose; at least {MinSectionWords} are needed");
            }

            if (section == "How It Works"
                && !doc.FencedBlocks(line + 1, end).Any(b => b.Count(l => !string.IsNullOrWhiteSpace(l)) >= MinDiagramLines))
            {
                problems.Add($"{name}:{line + 1}: section 'How It Works' has no diagram (a ``` block of at least {MinDiagramLines} lines: ASCII art or Mermaid)");
            }

            if (section == "Core Terminology" && !doc.HasTable(line + 1, end))
            {
                problems.Add($"{name}:{line + 1}: section 'Core Terminology' has no Markdown table (header row, |---| row, and definitions)");
            }

            if (section == "Connections to Other Labs" && doc.LinkTargets().All(t => t.Line - 1 <= line || t.Line - 1 >= end))
            {
                problems.Add($"{name}:{line + 1}: section 'Connections to Other Labs' links to no other lab or document");
            }
        }

        var total = doc.CountWords();
        if (total < MinConceptsWords)
        {
            problems.Add($"{name}: {total} words of prose; a complete concept guide has at least {MinConceptsWords}");
        }

        AddPlaceholderProblems(name, doc, problems);
    }

    private static void CheckReferences(string repoRoot, string labDir, List<string> problems)
    {
        var path = Path.Combine(labDir, "references.md");
        var name = Display(repoRoot, path);
        if (!File.Exists(path))
        {
            problems.Add($"{name}: missing (papers and source code to study, each with a link and why)");
            return;
        }

        var doc = MarkdownDocument.Load(path);
        var links = doc.CountDistinctWebLinks();
        if (links < MinReferenceLinks)
        {
            problems.Add($"{name}: {links} distinct http(s) links; at least {MinReferenceLinks} are needed");
        }

        AddPlaceholderProblems(name, doc, problems);
    }

    private static void CheckDocs(string repoRoot, string labDir, List<string> problems)
    {
        foreach (var file in Docs)
        {
            var path = Path.Combine(labDir, "docs", file);
            var name = Display(repoRoot, path);
            if (!File.Exists(path))
            {
                problems.Add($"{name}: missing");
                continue;
            }

            var doc = MarkdownDocument.Load(path);
            var words = doc.CountWords();
            if (words < MinDocWords)
            {
                problems.Add($"{name}: {words} words of prose; at least {MinDocWords} are needed");
            }

            AddPlaceholderProblems(name, doc, problems);
        }
    }

    private static void CheckSteps(string repoRoot, string labDir, List<string> problems)
    {
        var stepsDir = Path.Combine(labDir, "steps");
        var name = Display(repoRoot, stepsDir) + "/";
        if (!Directory.Exists(stepsDir))
        {
            problems.Add($"{name}: missing (numbered step guides 01-*.md, 02-*.md, ...)");
            return;
        }

        var numbers = new SortedDictionary<int, List<string>>();
        foreach (var file in Directory.EnumerateFiles(stepsDir, "*.md").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file);
            var m = StepFileRegex().Match(fileName);
            if (!m.Success)
            {
                problems.Add($"{name}{fileName}: not a step file name (NN-slug.md, e.g. 01-record-format.md)");
                continue;
            }

            var n = int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (!numbers.TryGetValue(n, out var list))
            {
                numbers[n] = list = [];
            }

            list.Add(fileName);
            var doc = MarkdownDocument.Load(file);
            var words = doc.CountWords();
            if (words < MinStepWords)
            {
                problems.Add($"{name}{fileName}: {words} words of prose; a step needs at least {MinStepWords}");
            }

            AddPlaceholderProblems(name + fileName, doc, problems);
        }

        if (numbers.Count < MinSteps)
        {
            problems.Add($"{name}: {numbers.Count} steps; at least {MinSteps} are needed");
        }

        foreach (var (n, files) in numbers.Where(kv => kv.Value.Count > 1))
        {
            problems.Add($"{name}: step {n:00} has more than one file: {string.Join(", ", files)}");
        }

        var max = numbers.Count == 0 ? 0 : numbers.Keys.Max();
        var gaps = Enumerable.Range(1, max).Where(i => !numbers.ContainsKey(i)).ToList();
        if (gaps.Count > 0)
        {
            problems.Add($"{name}: steps are not contiguous from 01: missing {string.Join(", ", gaps.Select(g => g.ToString("00", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
    }

    private static void CheckProjects(string repoRoot, string labDir, LabInfo lab, List<string> problems)
    {
        var srcDir = Path.Combine(labDir, "src");
        var srcName = Display(repoRoot, srcDir) + "/";
        var projects = Directory.Exists(srcDir)
            ? Directory.EnumerateFiles(srcDir, "*.csproj", SearchOption.AllDirectories)
                .Where(p => !IsUnderBuildOutput(srcDir, p))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var names = projects.Select(Path.GetFileNameWithoutExtension).ToList();
        if (!names.Any(n => !n!.EndsWith(".Tests", StringComparison.Ordinal)
                            && !n.EndsWith(".Benchmarks", StringComparison.Ordinal)
                            && !n.EndsWith(".Demo", StringComparison.Ordinal)))
        {
            problems.Add($"{srcName}: no library project (src/<Component>/<Component>.csproj)");
        }

        if (!names.Any(n => n!.EndsWith(".Tests", StringComparison.Ordinal)))
        {
            problems.Add($"{srcName}: no test project (src/<Component>.Tests/<Component>.Tests.csproj)");
        }

        if (!names.Any(n => n!.EndsWith(".Benchmarks", StringComparison.Ordinal)))
        {
            problems.Add($"{srcName}: no benchmark project (src/<Component>.Benchmarks/<Component>.Benchmarks.csproj)");
        }

        CheckComponents(repoRoot, srcDir, projects, problems);
        CheckSolution(repoRoot, Path.Combine(labDir, lab.Id + ".slnx"), projects, checkListedExist: true, problems);
        CheckSolution(repoRoot, Path.Combine(repoRoot, "FromScratch.slnx"), projects, checkListedExist: false, problems);
    }

    // A lab with several components (build/Lab.targets): each test project's LabComponent and
    // LabComponentReference name projects that exist, and a test project reaches another component
    // of the lab that lives in the lab's folder only as a LabComponentReference, never as a
    // ProjectReference (which a learner's starter folder could not replace: the build would hold the
    // reference's assembly and the learner's of one name). A component outside the lab's folder (the
    // shared library, which db-03's tests test in part) is the repository's in every build, and is
    // referenced as such.
    private static void CheckComponents(string repoRoot, string srcDir, IReadOnlyList<string> projects, List<string> problems)
    {
        var tests = projects.Where(p => Path.GetFileNameWithoutExtension(p).EndsWith(".Tests", StringComparison.Ordinal)).ToList();
        var components = new Dictionary<string, string>(SolutionFile.PathComparer);
        foreach (var test in tests)
        {
            var name = ProjectXml.Property(test, "LabComponent");
            if (name is null)
            {
                continue;
            }

            var reference = Path.GetFullPath(ProjectXml.Property(test, "LabReferenceImplementation")
                                             ?? Path.Combine(Path.GetDirectoryName(test)!, "..", name, name + ".csproj"));
            components[reference] = name;
            if (!File.Exists(reference))
            {
                problems.Add($"{Display(repoRoot, test)}: LabComponent '{name}' names {Display(repoRoot, reference)}, which does not exist");
            }

            foreach (var other in ProjectXml.Items(test, "LabComponentReference"))
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(test)!, "..", other, other + ".csproj"));
                components[path] = other;
                if (!File.Exists(path))
                {
                    problems.Add($"{Display(repoRoot, test)}: LabComponentReference '{other}' names {Display(repoRoot, path)}, which does not exist");
                }
            }
        }

        foreach (var test in tests)
        {
            foreach (var reference in ProjectXml.ProjectReferences(test).Where(p => components.ContainsKey(p) && !Path.GetRelativePath(srcDir, p).StartsWith("..", StringComparison.Ordinal)))
            {
                problems.Add($"{Display(repoRoot, test)}: references the lab's component {components[reference]} as a ProjectReference; "
                             + $"name it <LabComponentReference Include=\"{components[reference]}\" /> (build/Lab.targets), so that a learner's starter folder supplies it");
            }
        }
    }

    private static void CheckSolution(string repoRoot, string slnx, IReadOnlyList<string> projects, bool checkListedExist, List<string> problems)
    {
        var name = Display(repoRoot, slnx);
        if (!File.Exists(slnx))
        {
            problems.Add($"{name}: missing");
            return;
        }

        IReadOnlyList<string> listed;
        try
        {
            listed = SolutionFile.ProjectPaths(slnx);
        }
        catch (InvalidDataException e)
        {
            problems.Add($"{name}: {e.Message}");
            return;
        }

        var set = new HashSet<string>(listed, SolutionFile.PathComparer);
        foreach (var project in projects.Where(p => !set.Contains(Path.GetFullPath(p))))
        {
            problems.Add($"{name}: does not list {Display(repoRoot, project)} (dotnet sln {name} add {Display(repoRoot, project)})");
        }

        if (checkListedExist)
        {
            foreach (var project in listed.Where(p => !File.Exists(p)))
            {
                problems.Add($"{name}: lists {Display(repoRoot, project)}, which does not exist");
            }
        }
    }

    private static bool IsUnderBuildOutput(string root, string path) =>
        Path.GetRelativePath(root, path).Split('/', '\\').Any(s => s is "bin" or "obj");

    private static void AddPlaceholderProblems(string name, MarkdownDocument doc, List<string> problems)
    {
        foreach (var (line, marker) in doc.PlaceholderMarkers())
        {
            problems.Add($"{name}:{line}: placeholder marker '{marker}'");
        }
    }

    private static string NormalizeSection(string heading)
    {
        var t = SectionNumberRegex().Replace(heading.Trim(), "");
        return WhitespaceRegex().Replace(t.Trim().Trim('*', '_').Trim(), " ");
    }

    [GeneratedRegex(@"^\d{1,2}[.)]\s*")]
    private static partial Regex SectionNumberRegex();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"^(?<n>\d{2})-[a-z0-9][a-z0-9-]*\.md$")]
    private static partial Regex StepFileRegex();
}
