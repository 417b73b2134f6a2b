namespace FromScratch.Lab;

/// <summary>A child process to run: the program, its arguments (unquoted) and where to run it.</summary>
/// <param name="FileName">The program, e.g. <c>dotnet</c>.</param>
/// <param name="Arguments">The arguments, each passed to the program as one argument.</param>
/// <param name="WorkingDirectory">The directory the program runs in.</param>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>
    /// The command as a learner would type it in a POSIX shell: arguments with spaces or shell
    /// characters are single-quoted.
    /// </summary>
    public string CommandLine => string.Join(' ', [Quote(FileName), .. Arguments.Select(Quote)]);

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c)))
        {
            return argument;
        }

        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
