using Spectre.Console;

namespace FromScratch.Lab;

/// <summary>
/// Builds the Spectre.Console console the commands draw on. On a terminal it detects colours and
/// Unicode as usual. When the output is redirected (a file, a pipe, CI logs) it writes plain text:
/// no ANSI escape codes, ASCII table borders, and a fixed width of 120 columns so tables do not wrap
/// at the 80 columns Spectre would otherwise assume. NO_COLOR (https://no-color.org) turns colours off.
/// </summary>
internal static class LabTerminal
{
    /// <summary>The width used when the output is not a terminal.</summary>
    public const int RedirectedWidth = 120;

    /// <summary>A console writing to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the output goes.</param>
    /// <param name="isTerminal">False when the output is redirected: plain text only.</param>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
            console.Profile.Capabilities.Unicode = false;
        }

        return console;
    }
}
