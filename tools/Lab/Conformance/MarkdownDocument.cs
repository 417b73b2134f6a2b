using System.Text.RegularExpressions;

namespace FromScratch.Lab.Conformance;

/// <summary>
/// Just enough of a Markdown reader for the conformance checks: which lines are inside fenced
/// code blocks, the ATX headings outside them, prose word counts, fenced blocks and tables.
/// It is deliberately line-based and forgiving; it does not try to be CommonMark.
/// </summary>
internal sealed partial class MarkdownDocument
{
    private readonly bool[] _inCode;
    private readonly List<(int Open, int Close)> _blocks = [];

    private MarkdownDocument(string[] lines)
    {
        Lines = lines;
        _inCode = new bool[lines.Length];
        string? fence = null;
        var open = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var m = FenceRegex().Match(lines[i]);
            if (fence is null)
            {
                if (m.Success)
                {
                    fence = m.Groups["fence"].Value;
                    open = i;
                    _inCode[i] = true;
                }
            }
            else
            {
                _inCode[i] = true;
                if (m.Success && m.Groups["fence"].Value[0] == fence[0]
                    && m.Groups["fence"].Value.Length >= fence.Length
                    && string.IsNullOrWhiteSpace(m.Groups["info"].Value))
                {
                    _blocks.Add((open, i));
                    fence = null;
                }
            }
        }

        // An unclosed fence runs to the end of the file, as in CommonMark.
        if (fence is not null)
        {
            _blocks.Add((open, lines.Length));
        }
    }

    /// <summary>The file's lines, without line terminators.</summary>
    public string[] Lines { get; }

    /// <summary>Reads a Markdown file.</summary>
    public static MarkdownDocument Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses Markdown text.</summary>
    public static MarkdownDocument Parse(string text) =>
        new(text.ReplaceLineEndings("\n").Split('\n'));

    /// <summary>True when line <paramref name="index"/> is a fence line or inside a fenced block.</summary>
    public bool IsCode(int index) => _inCode[index];

    /// <summary>The ATX headings of exactly <paramref name="level"/> '#' outside code, in order.</summary>
    public IReadOnlyList<(int Line, string Text)> Headings(int level)
    {
        var result = new List<(int, string)>();
        for (var i = 0; i < Lines.Length; i++)
        {
            if (_inCode[i])
            {
                continue;
            }

            var m = HeadingRegex().Match(Lines[i]);
            if (m.Success && m.Groups["hashes"].Value.Length == level)
            {
                result.Add((i, m.Groups["text"].Value.Trim()));
            }
        }

        return result;
    }

    /// <summary>The index of the next heading of level 1..<paramref name="maxLevel"/> after <paramref name="line"/>, or the line count.</summary>
    public int NextHeading(int line, int maxLevel)
    {
        for (var i = line + 1; i < Lines.Length; i++)
        {
            if (_inCode[i])
            {
                continue;
            }

            var m = HeadingRegex().Match(Lines[i]);
            if (m.Success && m.Groups["hashes"].Value.Length <= maxLevel)
            {
                return i;
            }
        }

        return Lines.Length;
    }

    /// <summary>The prose of lines [from, to): code blocks dropped, inline code spans blanked.</summary>
    public string Prose(int from, int to)
    {
        var parts = new List<string>();
        for (var i = Math.Max(0, from); i < Math.Min(to, Lines.Length); i++)
        {
            if (!_inCode[i])
            {
                parts.Add(InlineCodeRegex().Replace(Lines[i], " "));
            }
        }

        return string.Join('\n', parts);
    }

    /// <summary>The prose of the whole file.</summary>
    public string Prose() => Prose(0, Lines.Length);

    /// <summary>Words in the prose of lines [from, to).</summary>
    public int CountWords(int from, int to) => WordRegex().Count(Prose(from, to));

    /// <summary>Words in the prose of the whole file.</summary>
    public int CountWords() => CountWords(0, Lines.Length);

    /// <summary>The fenced code blocks that open in [from, to), each as its content lines.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FencedBlocks(int from, int to) =>
        _blocks.Where(b => b.Open >= from && b.Open < to)
            .Select(b => (IReadOnlyList<string>)Lines[(b.Open + 1)..b.Close])
            .ToList();

    /// <summary>True when lines [from, to) hold a Markdown table: a header row, a delimiter row, and at least one body row.</summary>
    public bool HasTable(int from, int to)
    {
        var end = Math.Min(to, Lines.Length);
        for (var i = Math.Max(0, from); i + 2 < end; i++)
        {
            if (!_inCode[i] && !_inCode[i + 1] && !_inCode[i + 2]
                && Lines[i].Contains('|', StringComparison.Ordinal)
                && IsDelimiterRow(Lines[i + 1])
                && Lines[i + 2].Contains('|', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The placeholder markers (TODO, TBD, "coming soon", "lorem ipsum") in the prose, each with its 1-based line.</summary>
    public IReadOnlyList<(int Line, string Marker)> PlaceholderMarkers()
    {
        var found = new List<(int, string)>();
        for (var i = 0; i < Lines.Length; i++)
        {
            if (_inCode[i])
            {
                continue;
            }

            var prose = InlineCodeRegex().Replace(Lines[i], " ");
            foreach (Match m in PlaceholderRegex().Matches(prose))
            {
                found.Add((i + 1, m.Value));
            }
        }

        return found;
    }

    /// <summary>
    /// The link targets in the prose (inline links and images <c>[x](target)</c>, and reference
    /// definitions <c>[x]: target</c>), each with its 1-based line. Links inside code are ignored.
    /// </summary>
    public IReadOnlyList<(int Line, string Target)> LinkTargets()
    {
        var found = new List<(int, string)>();
        for (var i = 0; i < Lines.Length; i++)
        {
            if (_inCode[i])
            {
                continue;
            }

            var prose = InlineCodeRegex().Replace(Lines[i], " ");
            foreach (Match m in InlineLinkRegex().Matches(prose))
            {
                found.Add((i + 1, m.Groups["target"].Value));
            }

            var def = ReferenceDefinitionRegex().Match(prose);
            if (def.Success)
            {
                found.Add((i + 1, def.Groups["target"].Value));
            }
        }

        return found;
    }

    /// <summary>
    /// The anchors a renderer such as GitHub gives this file: one per heading (the heading's text
    /// without Markdown markup, lower-cased, with everything but letters, digits, '_', '-' and
    /// spaces dropped and spaces turned into '-'; a repeated slug gets "-1", "-2", ...), plus
    /// explicit HTML anchors (<c>id="x"</c>, <c>name="x"</c>).
    /// </summary>
    public IReadOnlySet<string> Anchors()
    {
        var anchors = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Lines.Length; i++)
        {
            if (_inCode[i])
            {
                continue;
            }

            var m = HeadingRegex().Match(Lines[i]);
            if (m.Success)
            {
                var slug = Slug(m.Groups["text"].Value);
                var n = seen.GetValueOrDefault(slug);
                seen[slug] = n + 1;
                anchors.Add(n == 0 ? slug : $"{slug}-{n}");
            }

            foreach (Match html in HtmlAnchorRegex().Matches(Lines[i]))
            {
                anchors.Add(html.Groups["id"].Value);
            }
        }

        return anchors;
    }

    /// <summary>The anchor of a heading with the given text (see <see cref="Anchors"/>).</summary>
    public static string Slug(string headingText)
    {
        var text = InlineLinkTextRegex().Replace(headingText, "${text}");
        text = HtmlTagRegex().Replace(text, "");
        text = text.Replace("`", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
        text = EmphasisUnderscoreRegex().Replace(text, "");
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (c == ' ')
            {
                sb.Append('-');
            }
            else if (char.IsLetterOrDigit(c) || c is '-' or '_'
                     || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The number of distinct http(s) URLs in the prose.</summary>
    public int CountDistinctWebLinks() =>
        UrlRegex().Matches(Prose()).Select(m => m.Value.TrimEnd('.', ',', ';', ':', ')', '>'))
            .Distinct(StringComparer.Ordinal).Count();

    private static bool IsDelimiterRow(string line)
    {
        if (!line.Contains('|', StringComparison.Ordinal) || line.Count(c => c == '-') < 3)
        {
            return false;
        }

        return line.All(c => c is '|' or ':' or '-' or ' ' or '\t');
    }

    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@"^ {0,3}(?<hashes>#{1,6})[ \t]+(?<text>.*?)[ \t]*#*[ \t]*$")]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"(`+)[^`].*?\1")]
    private static partial Regex InlineCodeRegex();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\bTODO\b|\bTBD\b|\bFIXME\b|(?i:\bcoming soon\b)|(?i:\blorem ipsum\b)")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?<target><[^>]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:""[^""]*""|'[^']*'|\([^)]*\)))?\s*\)")]
    private static partial Regex InlineLinkRegex();

    [GeneratedRegex(@"^ {0,3}\[(?!\^)[^\]]+\]:\s*(?<target><[^>]*>|\S+)")]
    private static partial Regex ReferenceDefinitionRegex();

    [GeneratedRegex(@"https?://[^\s)>\]""'`]+")]
    private static partial Regex UrlRegex();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLinkTextRegex();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTagRegex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])")]
    private static partial Regex EmphasisUnderscoreRegex();

    [GeneratedRegex(@"\b(?:id|name)\s*=\s*[""'](?<id>[^""']+)[""']")]
    private static partial Regex HtmlAnchorRegex();
}
