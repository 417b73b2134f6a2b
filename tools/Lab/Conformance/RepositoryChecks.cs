using System.Text.RegularExpressions;

namespace FromScratch.Lab.Conformance;

/// <summary>
/// Checks that span the repository rather than one lab: no unknown folders under labs/, every
/// relative Markdown link resolves, PHASES.md lists the 23 labs with the status each really has,
/// and .ci/run runs the test command README.md gives. Each method returns problem strings that
/// name the file and what is wrong; empty means the check passes.
/// </summary>
public static partial class RepositoryChecks
{
    /// <summary>Every check: <see cref="LabShape.Check"/> for each lab folder that exists, then the repository-wide checks.</summary>
    public static IReadOnlyList<string> CheckAll(string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        var problems = new List<string>();
        foreach (var lab in Catalog.Labs.Where(l => Directory.Exists(Path.Combine(repoRoot, "labs", l.Id))))
        {
            problems.AddRange(LabShape.Check(repoRoot, lab));
        }

        problems.AddRange(CheckLabFolders(repoRoot));
        problems.AddRange(CheckLinks(repoRoot));
        problems.AddRange(CheckPhases(repoRoot));
        problems.AddRange(CheckCiRunsReadmeCommand(repoRoot));
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every folder under labs/ is a lab of <see cref="Catalog.Labs"/>.</summary>
    public static IReadOnlyList<string> CheckLabFolders(string repoRoot) => CheckLabFolders(repoRoot, Catalog.Labs);

    /// <summary>Every folder under labs/ is one of <paramref name="labs"/>.</summary>
    public static IReadOnlyList<string> CheckLabFolders(string repoRoot, IReadOnlyList<LabInfo> labs)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        ArgumentNullException.ThrowIfNull(labs);
        var labsDir = Path.Combine(repoRoot, "labs");
        if (!Directory.Exists(labsDir))
        {
            return [];
        }

        return Directory.EnumerateDirectories(labsDir)
            .Select(Path.GetFileName)
            .Where(n => labs.All(l => l.Id != n))
            .Order(StringComparer.Ordinal)
            .Select(n => $"labs/{n}/: not a lab of the catalog (tools/Lab/Catalog.cs); lab folders are named exactly as the catalog names them")
            .ToList();
    }

    /// <summary>
    /// Every relative link in every *.md file of the repository (outside bin/, obj/ and .git/)
    /// resolves to a file or folder inside the repository, and every #anchor into a Markdown file
    /// (including a pure #anchor into the same file) names one of its headings, as GitHub derives
    /// heading anchors. Links in code blocks and inline code, and web links, are not checked.
    /// </summary>
    public static IReadOnlyList<string> CheckLinks(string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        return LinkChecker.MarkdownFiles(repoRoot).SelectMany(f => LinkChecker.Check(repoRoot, f)).ToList();
    }

    /// <summary>PHASES.md lists exactly the labs of <see cref="Catalog.Labs"/>, in order, each with the status <see cref="LabShape.StatusOf"/> gives.</summary>
    public static IReadOnlyList<string> CheckPhases(string repoRoot) => CheckPhases(repoRoot, Catalog.Labs);

    /// <summary>
    /// PHASES.md lists exactly <paramref name="labs"/>, in order, each under a heading
    /// <c>### db-NN-slug — Title</c> inside its phase's <c>## Phase N — ...</c> section, followed
    /// by a line <c>Status: planned</c> (or "in progress", "complete") that equals
    /// <see cref="LabShape.StatusOf"/>.
    /// </summary>
    public static IReadOnlyList<string> CheckPhases(string repoRoot, IReadOnlyList<LabInfo> labs)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        ArgumentNullException.ThrowIfNull(labs);
        const string Name = "PHASES.md";
        var path = Path.Combine(repoRoot, Name);
        if (!File.Exists(path))
        {
            return [$"{Name}: missing"];
        }

        var problems = new List<string>();
        var doc = MarkdownDocument.Load(path);
        var listed = new List<LabInfo>();
        foreach (var (line, text) in doc.Headings(3))
        {
            if (!text.StartsWith("db-", StringComparison.Ordinal))
            {
                continue;
            }

            var m = LabHeadingRegex().Match(text);
            if (!m.Success)
            {
                problems.Add($"{Name}:{line + 1}: lab heading '### {text}' is not in the form '### db-NN-slug — Title'");
                continue;
            }

            var id = m.Groups["id"].Value;
            var lab = labs.FirstOrDefault(l => l.Id == id);
            if (lab is null)
            {
                problems.Add($"{Name}:{line + 1}: '{id}' is not a lab of the catalog (tools/Lab/Catalog.cs)");
                continue;
            }

            if (listed.Contains(lab))
            {
                problems.Add($"{Name}:{line + 1}: {id} is listed twice");
                continue;
            }

            listed.Add(lab);
            var title = m.Groups["title"].Value.Trim();
            if (title != lab.Title)
            {
                problems.Add($"{Name}:{line + 1}: {id} has the title '{title}'; the catalog calls it '{lab.Title}'");
            }

            var phaseHeading = doc.Headings(2).LastOrDefault(h => h.Line < line);
            var pm = PhaseHeadingRegex().Match(phaseHeading.Text ?? "");
            if (!pm.Success || pm.Groups["n"].Value != lab.Phase.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                problems.Add($"{Name}:{line + 1}: {id} belongs under '## Phase {lab.Phase} — ...', but it is under '{(phaseHeading.Text is null ? "no ## heading" : "## " + phaseHeading.Text)}'");
            }

            CheckPhaseStatus(repoRoot, Name, doc, line, lab, problems);
        }

        foreach (var missing in labs.Where(l => !listed.Contains(l)))
        {
            problems.Add($"{Name}: does not list {missing.Id} (expected a heading '### {missing.Id} — {missing.Title}')");
        }

        var expectedOrder = labs.Where(listed.Contains).ToList();
        if (!listed.SequenceEqual(expectedOrder))
        {
            problems.Add($"{Name}: labs are out of order: {string.Join(", ", listed.Select(l => l.ShortId))}; expected curriculum order db-01 ... db-{labs.Count:00}");
        }

        return problems;
    }

    /// <summary>
    /// The commands in the code block under README.md's "Run every test" heading each appear, with
    /// no extra arguments, on a line of .ci/run that is not a comment: CI runs exactly what the
    /// README tells a learner to run.
    /// </summary>
    public static IReadOnlyList<string> CheckCiRunsReadmeCommand(string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        var readme = Path.Combine(repoRoot, "README.md");
        var ci = Path.Combine(repoRoot, ".ci", "run");
        if (!File.Exists(readme))
        {
            return ["README.md: missing"];
        }

        if (!File.Exists(ci))
        {
            return [".ci/run: missing"];
        }

        var commands = ReadmeTestCommands(readme);
        if (commands.Count == 0)
        {
            return ["README.md: no code block under a 'Run every test' heading (the command CI runs)"];
        }

        var ciLines = File.ReadAllLines(ci)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var problems = new List<string>();
        foreach (var command in commands)
        {
            var pattern = new Regex(@"(^|[\s(!;&|])" + Regex.Escape(command) + @"\s*($|[|;&)]|[12]?>)");
            if (!ciLines.Any(pattern.IsMatch))
            {
                problems.Add($".ci/run: does not run '{command}' exactly as README.md's 'Run every test' block gives it");
            }
        }

        return problems;
    }

    /// <summary>The command lines of the first code block under README.md's "Run every test" heading ("$ " prompts and comments dropped).</summary>
    public static IReadOnlyList<string> ReadmeTestCommands(string readmePath)
    {
        ArgumentNullException.ThrowIfNull(readmePath);
        var doc = MarkdownDocument.Load(readmePath);
        for (var level = 1; level <= 6; level++)
        {
            foreach (var (line, text) in doc.Headings(level))
            {
                if (!text.Contains("Run every test", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var block = doc.FencedBlocks(line + 1, doc.NextHeading(line, 6)).FirstOrDefault();
                if (block is not null)
                {
                    return block.Select(l => l.Trim())
                        .Select(l => l.StartsWith("$ ", StringComparison.Ordinal) ? l[2..].Trim() : l)
                        .Where(l => l.Length > 0 && !l.StartsWith('#'))
                        .ToList();
                }
            }
        }

        return [];
    }

    private static void CheckPhaseStatus(string repoRoot, string name, MarkdownDocument doc, int headingLine, LabInfo lab, List<string> problems)
    {
        var end = doc.NextHeading(headingLine, 3);
        for (var i = headingLine + 1; i < end; i++)
        {
            if (doc.IsCode(i))
            {
                continue;
            }

            var m = StatusLineRegex().Match(doc.Lines[i]);
            if (!m.Success)
            {
                continue;
            }

            if (!LabStatusWords.TryParse(m.Groups["value"].Value, out var claimed))
            {
                problems.Add($"{name}:{i + 1}: {lab.Id}: status '{m.Groups["value"].Value.Trim()}' is none of planned, in progress, complete");
                return;
            }

            var actual = LabShape.StatusOf(repoRoot, lab);
            if (claimed != actual)
            {
                var why = actual switch
                {
                    LabStatus.Planned => $"labs/{lab.Id}/ does not exist",
                    LabStatus.Complete => $"labs/{lab.Id}/ exists and passes every conformance check",
                    _ => $"labs/{lab.Id}/ exists but has {LabShape.Check(repoRoot, lab).Count} conformance problems",
                };
                problems.Add($"{name}:{i + 1}: {lab.Id} claims '{LabStatusWords.ToWord(claimed)}' but it is '{LabStatusWords.ToWord(actual)}': {why}");
            }

            return;
        }

        problems.Add($"{name}:{headingLine + 1}: {lab.Id} has no 'Status:' line (Status: planned | in progress | complete)");
    }

    [GeneratedRegex(@"^Phase\s+(?<n>\d+)\b")]
    private static partial Regex PhaseHeadingRegex();

    [GeneratedRegex(@"^(?<id>db-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\s+(?:—|–|-|:)\s+(?<title>\S.*)$")]
    private static partial Regex LabHeadingRegex();

    [GeneratedRegex(@"^\s*(?:[-*+]\s+)?[*_]{0,2}Status[*_]{0,2}\s*:\s*[*_]{0,2}\s*(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex StatusLineRegex();
}
