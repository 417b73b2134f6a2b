namespace FromScratch.Memtable.Benchmarks;

/// <summary>What the machine was doing: the CPU count and, on Linux, the load averages of /proc/loadavg.</summary>
internal static class MachineLoad
{
    /// <summary>"1.23 0.98 0.75" (1, 5 and 15 minutes), or "unknown" where /proc/loadavg does not exist.</summary>
    public static string Averages()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    /// <summary>The line every command prints before and after its rows.</summary>
    public static string Describe(string when) =>
        $"{Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {when}: {Averages()}";
}
