using System.CommandLine;
using FromScratch.Lab.Conformance;
using Spectre.Console;

namespace FromScratch.Lab;

/// <summary>
/// <c>lab list</c>: the map of the curriculum. One table per phase; each lab with its number, id,
/// title, status (planned, in progress, complete: <see cref="LabShape.StatusOf"/>) and the number of
/// test methods in the test projects its .slnx lists (what <c>lab test</c> runs).
/// </summary>
internal static class ListCommand
{
    /// <summary>The <c>list</c> command.</summary>
    public static Command Create(LabContext context)
    {
        var command = new Command("list", "Show the labs by phase, with their status and number of test methods (a theory counts once; dotnet test counts each of its cases).");
        command.SetAction(_ => LabCli.Guard(context, () => Execute(context)));
        return command;
    }

    /// <summary>Prints the map; returns the exit code.</summary>
    public static int Execute(LabContext context)
    {
        context.RejectPassThrough("list");
        var root = context.LocateRepo();
        var statuses = Catalog.Labs.ToDictionary(l => l, l => context.StatusOf(root, l));
        var terminal = context.Terminal;
        var idWidth = Catalog.Labs.Max(l => l.Id.Length);
        var titleWidth = Catalog.Labs.Max(l => l.Title.Length);

        foreach (var (number, title) in Catalog.Phases)
        {
            terminal.WriteLine();
            terminal.MarkupLineInterpolated($"[bold]Phase {number}: {title}[/]");
            // Same column widths in every phase's table, so the tables line up as one map.
            var table = new Table()
                .Border(terminal.Profile.Capabilities.Unicode ? TableBorder.Square : TableBorder.Ascii2)
                .AddColumn(new TableColumn("#").RightAligned().Width(2))
                .AddColumn(new TableColumn("lab").Width(idWidth))
                .AddColumn(new TableColumn("title").Width(titleWidth))
                .AddColumn(new TableColumn("status").Width("in progress".Length))
                .AddColumn(new TableColumn("tests").RightAligned().Width(5));
            foreach (var lab in Catalog.Labs.Where(l => l.Phase == number))
            {
                var status = statuses[lab];
                table.AddRow(
                    new Text(lab.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(lab.Id),
                    new Text(lab.Title),
                    StatusCell(status),
                    new Text(TestCount(root, lab, status)));
            }

            terminal.Write(table);
        }

        terminal.WriteLine();
        context.Output.WriteLine(Footer(statuses));
        return 0;
    }

    /// <summary>The number of test methods in the lab's test projects, or "-" for a planned lab.</summary>
    public static string TestCount(string repoRoot, LabInfo lab, LabStatus status)
    {
        if (status == LabStatus.Planned)
        {
            return "-";
        }

        var count = new LabLayout(repoRoot, lab).TestProjects().Sum(TestCounter.CountInProject);
        return count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Text StatusCell(LabStatus status) => status switch
    {
        LabStatus.Complete => new Text(LabStatusWords.ToWord(status), new Style(Color.Green)),
        LabStatus.InProgress => new Text(LabStatusWords.ToWord(status), new Style(Color.Yellow)),
        _ => new Text(LabStatusWords.ToWord(status), new Style(Color.Grey)),
    };

    // How to start: the first lab that exists. (The statuses say how far the curriculum is
    // written, not how far the reader has got, so "the first unfinished lab" would send a new
    // learner past db-01.)
    private static string Footer(IReadOnlyDictionary<LabInfo, LabStatus> statuses)
    {
        var first = Catalog.Labs.FirstOrDefault(l => statuses[l] != LabStatus.Planned);
        if (first is null)
        {
            return "No lab is written yet: PHASES.md describes what each will teach.";
        }

        return $"Start with {first.ShortId}: read labs/{first.Id}/CONCEPTS.md, then follow its steps/ in order; "
            + $"./lab test {first.ShortId} --step 01 runs the tests of step 01.";
    }
}
