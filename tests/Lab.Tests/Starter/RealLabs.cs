using FromScratch.Lab.Conformance;

namespace FromScratch.Lab.Tests.Starter;

/// <summary>
/// The labs of this repository that a starter test runs on: every lab folder that exists. A lab
/// that is not complete yet (LabShape reports problems, e.g. while it is being written) is skipped
/// with its status as the reason, unless FROMSCRATCH_STARTER_ALL_LABS=1 asks to run it anyway.
/// FROMSCRATCH_STARTER_LABS=db-03,db-04 runs only the labs it names, complete or not (to prove a lab
/// while it is being written). A new lab is covered as soon as its folder exists: nothing to add here.
/// </summary>
internal static class RealLabs
{
    public static string Root { get; } = RepoLocator.TryFindFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("The tests must run from a checkout of the repository.");

    public static TheoryData<string> Existing()
    {
        var data = new TheoryData<string>();
        foreach (var lab in Catalog.Labs.Where(l => Directory.Exists(Path.Combine(Root, "labs", l.Id))))
        {
            data.Add(lab.ShortId);
        }

        return data;
    }

    /// <summary>The lab's layout; skips the test when the lab is not complete (see the class comment).</summary>
    public static LabLayout Require(string shortId)
    {
        var lab = Catalog.Find(shortId)!;
        var layout = new LabLayout(Root, lab);
        var selected = Environment.GetEnvironmentVariable("FROMSCRATCH_STARTER_LABS");
        if (!string.IsNullOrWhiteSpace(selected))
        {
            if (!selected.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(s => Catalog.Find(s) == lab))
            {
                Assert.Skip($"FROMSCRATCH_STARTER_LABS={selected} does not name {lab.ShortId}.");
            }

            return layout;
        }

        if (Environment.GetEnvironmentVariable("FROMSCRATCH_STARTER_ALL_LABS") != "1")
        {
            var status = LabShape.StatusOf(Root, lab);
            if (status != LabStatus.Complete)
            {
                Assert.Skip($"{lab.ShortId} is {status} (LabShape reports problems); starters are proved on complete labs. Set FROMSCRATCH_STARTER_ALL_LABS=1 to run it anyway.");
            }
        }

        return layout;
    }
}
