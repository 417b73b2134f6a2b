using System.Xml;
using System.Xml.Linq;

namespace FromScratch.Lab.Grading;

/// <summary>
/// Reads the xunit XML report (<c>--report-xunit</c> of xunit v3 on Microsoft.Testing.Platform;
/// the xunit v2+ format): every <c>&lt;test&gt;</c> with its <c>result</c> and its traits.
/// </summary>
internal static class XunitReport
{
    /// <summary>The test outcomes in the report at <paramref name="path"/>; throws <see cref="InvalidDataException"/> when it is not a report.</summary>
    public static IReadOnlyList<TestOutcome> Read(string path)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{path} is not an xunit XML report: {e.Message}", e);
        }

        return [.. document.Descendants("test").Select(t => new TestOutcome(
            (string?)t.Attribute("name") ?? "?",
            t.Element("traits")?.Elements("trait").FirstOrDefault(x => (string?)x.Attribute("name") == "Step")?.Attribute("value")?.Value ?? "",
            (string?)t.Attribute("result") ?? "NotRun",
            FirstLine(t.Element("failure")?.Element("message")?.Value)))];
    }

    private static string? FirstLine(string? text) =>
        text?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : null;
}
