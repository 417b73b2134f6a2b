namespace FromScratch.Lab.Conformance;

/// <summary>
/// Checks that the relative links of Markdown files resolve to a file or folder inside the
/// repository, and that an <c>#anchor</c> into a Markdown file (or a pure <c>#anchor</c> into the
/// same file) names one of its headings. Web links (any <c>scheme:</c>, e.g. http, https, mailto)
/// are not checked; a <c>?query</c> is ignored; a target that starts with '/' is taken relative to
/// the repository root, as GitHub renders it.
/// </summary>
internal static class LinkChecker
{
    // my-work/ holds learners' starters (lab start): their notes are not the repository's docs.
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "node_modules", "TestResults", "BenchmarkDotNet.Artifacts", "my-work"];

    /// <summary>Every *.md file under <paramref name="folder"/>, skipping build output and .git.</summary>
    public static IEnumerable<string> MarkdownFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*.md").Order(StringComparer.Ordinal))
            {
                yield return file;
            }

            foreach (var sub in Directory.EnumerateDirectories(dir).OrderDescending(StringComparer.Ordinal))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase))
                {
                    pending.Push(sub);
                }
            }
        }
    }

    /// <summary>The broken links of one Markdown file, as problem strings.</summary>
    public static IEnumerable<string> Check(string repoRoot, string markdownFile)
    {
        var root = Path.GetFullPath(repoRoot);
        var dir = Path.GetDirectoryName(Path.GetFullPath(markdownFile))!;
        var display = LabShape.Display(repoRoot, markdownFile);
        var self = MarkdownDocument.Load(markdownFile);
        var anchors = new Dictionary<string, IReadOnlySet<string>>(SolutionFile.PathComparer)
        {
            [Path.GetFullPath(markdownFile)] = self.Anchors(),
        };
        foreach (var (line, rawTarget) in self.LinkTargets())
        {
            var target = rawTarget.Trim();
            if (target.StartsWith('<') && target.EndsWith('>'))
            {
                target = target[1..^1].Trim();
            }

            if (target.Length == 0 || HasScheme(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var fragment = hash >= 0 ? Uri.UnescapeDataString(target[(hash + 1)..]) : null;
            var beforeFragment = hash >= 0 ? target[..hash] : target;
            var query = beforeFragment.IndexOf('?', StringComparison.Ordinal);
            var pathPart = Uri.UnescapeDataString(query >= 0 ? beforeFragment[..query] : beforeFragment);
            var resolved = pathPart.Length == 0
                ? Path.GetFullPath(markdownFile)
                : Path.GetFullPath(pathPart.StartsWith('/')
                    ? Path.Combine(root, pathPart.TrimStart('/'))
                    : Path.Combine(dir, pathPart));
            if (!IsInside(root, resolved))
            {
                yield return $"{display}:{line}: link '{rawTarget}' points outside the repository";
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                yield return $"{display}:{line}: broken link '{rawTarget}' (no file or folder {LabShape.Display(repoRoot, resolved)})";
            }
            else if (!string.IsNullOrEmpty(fragment) && File.Exists(resolved)
                     && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                if (!anchors.TryGetValue(resolved, out var set))
                {
                    anchors[resolved] = set = MarkdownDocument.Load(resolved).Anchors();
                }

                if (!set.Contains(fragment))
                {
                    yield return $"{display}:{line}: broken link '{rawTarget}' ({LabShape.Display(repoRoot, resolved)} has no heading with the anchor '#{fragment}')";
                }
            }
        }
    }

    private static bool HasScheme(string target)
    {
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1)
        {
            // "C:" would be a Windows drive letter, not a scheme; treat it as a path.
            return false;
        }

        return char.IsAsciiLetter(target[0])
               && target[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    private static bool IsInside(string root, string path)
    {
        var rel = Path.GetRelativePath(root, path);
        return rel != ".." && !rel.StartsWith("../", StringComparison.Ordinal)
               && !rel.StartsWith("..\\", StringComparison.Ordinal) && !Path.IsPathRooted(rel);
    }
}
