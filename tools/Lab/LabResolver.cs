namespace FromScratch.Lab;

/// <summary>
/// Turns what the user typed into a lab (<see cref="Catalog.Find"/>), or fails with a message that
/// names the labs they probably meant: those whose id or title contains the text or whose slug's
/// initials it is ("wal"), and those whose short id or slug is within a couple of typos of it.
/// </summary>
internal static class LabResolver
{
    /// <summary>The lab named by <paramref name="name"/>; throws <see cref="LabCommandException"/> when none is.</summary>
    public static LabInfo Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lab = Catalog.Find(name);
        if (lab is not null)
        {
            return lab;
        }

        var suggestions = CloseMatches(name);
        var hint = suggestions.Count > 0
            ? "Did you mean: " + string.Join(", ", suggestions.Select(l => $"{l.ShortId} ({l.Title})")) + "?"
            : $"Name a lab by number (2), short id (db-02) or folder ({Catalog.Labs[1].Id}); ./lab list shows all {Catalog.Labs.Count}.";
        throw new LabCommandException($"unknown lab '{name}'. {hint}");
    }

    /// <summary>The labs <paramref name="name"/> probably meant, best first, at most five.</summary>
    public static IReadOnlyList<LabInfo> CloseMatches(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = name.Trim().ToLowerInvariant();
        if (text.Length == 0)
        {
            return [];
        }

        return Catalog.Labs
            .Select(l => (Lab: l, Score: Score(l, text)))
            .Where(x => x.Score < int.MaxValue)
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Lab.Number)
            .Take(5)
            .Select(x => x.Lab)
            .ToList();
    }

    // Lower is closer; int.MaxValue means "not a match".
    private static int Score(LabInfo lab, string text)
    {
        var slug = lab.Id[6..];
        if (text.Length >= 3 && (lab.Id.Contains(text, StringComparison.Ordinal)
                                 || lab.Title.Contains(text, StringComparison.OrdinalIgnoreCase)))
        {
            return 0;
        }

        // "wal" for write-ahead-log, "lsm" is already a word of db-07's slug.
        var initials = string.Concat(slug.Split('-').Select(w => w[0]));
        if (text.Length >= 2 && text == initials)
        {
            return 0;
        }

        var distance = Math.Min(Distance(text, lab.ShortId), Math.Min(Distance(text, slug), Distance(text, lab.Id)));
        var allowed = Math.Max(2, text.Length / 3);
        return distance <= allowed ? distance : int.MaxValue;
    }

    // Levenshtein distance, two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
