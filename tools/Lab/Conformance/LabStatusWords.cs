namespace FromScratch.Lab.Conformance;

/// <summary>
/// The words PHASES.md and README.md use for a <see cref="LabStatus"/>: "planned", "in progress",
/// "complete".
/// </summary>
public static class LabStatusWords
{
    /// <summary>The word for a status, e.g. "in progress".</summary>
    public static string ToWord(LabStatus status) => status switch
    {
        LabStatus.Planned => "planned",
        LabStatus.InProgress => "in progress",
        LabStatus.Complete => "complete",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown lab status."),
    };

    /// <summary>
    /// Reads a status word at the start of <paramref name="text"/> (case-insensitive; Markdown
    /// emphasis and backticks around it are ignored). Returns false when it names no status.
    /// </summary>
    public static bool TryParse(string text, out LabStatus status)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().Trim('*', '_', '`', ' ').ToLowerInvariant();
        foreach (var candidate in new[] { LabStatus.InProgress, LabStatus.Complete, LabStatus.Planned })
        {
            var word = ToWord(candidate);
            if (t.StartsWith(word, StringComparison.Ordinal)
                && (t.Length == word.Length || !char.IsLetter(t[word.Length])))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
