namespace FromScratch.Lab;

/// <summary>
/// A mistake on the command line or in the repository that the user can fix: an unknown lab, a
/// path that does not exist, a lab with no demo. The command prints <see cref="Exception.Message"/>
/// as "error: ..." and exits with <see cref="ExitCode"/> (2, the usual code for a usage error).
/// </summary>
internal sealed class LabCommandException(string message, int exitCode = LabCommandException.UsageError)
    : Exception(message)
{
    /// <summary>The exit code for a usage error.</summary>
    public const int UsageError = 2;

    /// <summary>The process exit code this error maps to.</summary>
    public int ExitCode { get; } = exitCode;
}
