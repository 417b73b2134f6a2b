using System.Globalization;
using System.Text.Json;

namespace FromScratch.Lab;

/// <summary>
/// The counts of one Stryker run, read from its JSON report (the mutation-testing-elements schema:
/// <c>files</c>, each with <c>mutants</c> that have a <c>status</c>, a <c>mutatorName</c>, a
/// <c>replacement</c> and a <c>location</c>).
/// </summary>
/// <param name="Killed">Mutants a test failed on.</param>
/// <param name="Survived">Mutants every test that ran them passed on.</param>
/// <param name="Timeout">Mutants that made a test run past Stryker's time limit (an endless loop): detected.</param>
/// <param name="NoCoverage">Mutants no test executes.</param>
/// <param name="Other">Mutants not counted in the score: compile errors and ignored ones.</param>
/// <param name="Undetected">The surviving and uncovered mutants, as "status file:line mutator: replacement" (the file
/// relative to the report's <c>projectRoot</c>, the library's folder), by file and line.</param>
internal sealed record MutationReport(int Killed, int Survived, int Timeout, int NoCoverage, int Other, IReadOnlyList<string> Undetected)
{
    /// <summary>
    /// Stryker's mutation score: the detected mutants (killed or timed out) out of those that
    /// count (detected, survived, not covered); null when none counts.
    /// </summary>
    public double? Score
    {
        get
        {
            var valid = Killed + Timeout + Survived + NoCoverage;
            return valid == 0 ? null : 100.0 * (Killed + Timeout) / valid;
        }
    }

    /// <summary>Reads the report at <paramref name="path"/>; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static MutationReport Read(string path)
    {
        using var stream = File.OpenRead(path);
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not JSON: {e.Message}", e);
        }

        using (json)
        {
            if (!json.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path} has no 'files' object: not a Stryker mutation report.");
            }

            var projectRoot = json.RootElement.TryGetProperty("projectRoot", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            int killed = 0, survived = 0, timeout = 0, noCoverage = 0, other = 0;
            var undetected = new List<(string File, int Line, string Text)>();
            foreach (var file in files.EnumerateObject())
            {
                if (!file.Value.TryGetProperty("mutants", out var mutants))
                {
                    continue;
                }

                var name = projectRoot is null ? file.Name : Path.GetRelativePath(projectRoot, file.Name).Replace('\\', '/');
                foreach (var mutant in mutants.EnumerateArray())
                {
                    var status = mutant.TryGetProperty("status", out var s) ? s.GetString() : null;
                    switch (status)
                    {
                        case "Killed":
                            killed++;
                            break;
                        case "Timeout":
                            timeout++;
                            break;
                        case "Survived":
                            survived++;
                            undetected.Add(Describe(name, mutant, "survived"));
                            break;
                        case "NoCoverage":
                            noCoverage++;
                            undetected.Add(Describe(name, mutant, "no coverage"));
                            break;
                        default:
                            other++;
                            break;
                    }
                }
            }

            return new MutationReport(
                killed, survived, timeout, noCoverage, other,
                [.. undetected.OrderBy(u => u.File, StringComparer.Ordinal).ThenBy(u => u.Line).Select(u => u.Text)]);
        }
    }

    /// <summary>One line of counts: "score 81.2 %: 130 killed, 2 timeout, 28 survived, 3 no coverage (5 not counted)".</summary>
    public string Summary()
    {
        var score = Score is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";
        return $"score {score}: {Killed} killed, {Timeout} timeout, {Survived} survived, {NoCoverage} no coverage ({Other} not counted: compile errors, ignored)";
    }

    /// <summary>
    /// After a run that exited 0: the library, the tests that measured it, the counts and every
    /// undetected mutant, or a note when Stryker wrote no JSON report.
    /// </summary>
    public static void Print(LabContext context, LabLayout layout, MutationRun run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(run);
        var library = layout.Relative(run.Library.ReferenceProject);
        if (!File.Exists(run.JsonReport))
        {
            context.Error.WriteLine($"note: Stryker wrote no {layout.Relative(run.JsonReport)}, so there is no score to show for {library}.");
            return;
        }

        MutationReport report;
        try
        {
            report = Read(run.JsonReport);
        }
        catch (InvalidDataException e)
        {
            context.Error.WriteLine($"note: {e.Message}");
            return;
        }

        context.Output.WriteLine();
        context.Output.WriteLine($"{library}: {report.Summary()}");
        context.Output.WriteLine($"  tests: {string.Join(", ", run.TestProjects.Select(t => Path.GetFileNameWithoutExtension(t)))}");
        foreach (var line in report.Undetected)
        {
            context.Output.WriteLine($"  {line}");
        }

        context.Output.WriteLine($"  report: {layout.Relative(Path.Combine(run.OutputDirectory, "reports", "mutation-report.html"))}");
    }

    private static (string File, int Line, string Text) Describe(string file, JsonElement mutant, string status)
    {
        var line = mutant.TryGetProperty("location", out var location)
                   && location.TryGetProperty("start", out var start)
                   && start.TryGetProperty("line", out var l) && l.TryGetInt32(out var n)
            ? n
            : 0;
        var mutator = mutant.TryGetProperty("mutatorName", out var m) ? m.GetString() : "?";
        var replacement = mutant.TryGetProperty("replacement", out var r) ? r.GetString() : null;
        var shown = replacement is null ? "" : ": " + OneLine(replacement);
        return (file, line, $"{status,-11} {file}:{line} {mutator}{shown}");
    }

    private static string OneLine(string text)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
        return flat.Length <= 100 ? flat : flat[..97] + "...";
    }
}
