using System.Globalization;
using System.Runtime.InteropServices;
using FromScratch.Shared.IO;

namespace FromScratch.Peers.Comparison;

/// <summary>
/// The machine a comparison ran on, as the tables print it: CPU model, cores, kernel, the file system
/// of the store's directory, .NET, and the load average (<c>/proc/loadavg</c>) that says how much
/// else was running. On Linux from /proc; elsewhere what .NET reports.
/// </summary>
/// <param name="Cpu">The CPU model, e.g. "AMD EPYC 7B13".</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="Kernel">The operating system and kernel release.</param>
/// <param name="FileSystem">The file system of the stores' directory, e.g. "ext4 on /dev/vda (mounted at /)".</param>
/// <param name="Runtime">The .NET runtime.</param>
public sealed record MachineInfo(string Cpu, int Cores, string Kernel, string FileSystem, string Runtime)
{
    /// <summary>Describes this machine, with the file system of <paramref name="directory"/>.</summary>
    public static MachineInfo Probe(string directory)
    {
        var cpu = File.Exists("/proc/cpuinfo") ? CpuModel(File.ReadLines("/proc/cpuinfo")) : null;
        var kernel = File.Exists("/proc/sys/kernel/osrelease")
            ? $"Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}"
            : RuntimeInformation.OSDescription;
        var fileSystem = FileSystemProbe.Describe(directory);
        return new MachineInfo(
            cpu ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            kernel,
            fileSystem is null ? "unknown" : fileSystem.ToString() + (fileSystem.IsMemoryBacked ? " (memory-backed: fsync costs nothing)" : ""),
            RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The first "model name" of a /proc/cpuinfo text, or null.</summary>
    public static string? CpuModel(IEnumerable<string> cpuinfo)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        foreach (var line in cpuinfo)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == "model name")
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The 1-, 5- and 15-minute load averages now ("2.15 1.80 1.42"), or null where there is no /proc/loadavg.</summary>
    public static string? LoadAverage() => File.Exists("/proc/loadavg") ? LoadAverage(File.ReadAllText("/proc/loadavg")) : null;

    /// <summary>The three load averages of a /proc/loadavg text ("2.15 1.80 1.42 3/512 12345").</summary>
    public static string LoadAverage(string loadavg)
    {
        ArgumentNullException.ThrowIfNull(loadavg);
        var fields = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 ? string.Join(' ', fields[..3]) : loadavg.Trim();
    }

    /// <summary>One line: "AMD EPYC 7B13, 2 cores, Linux 6.1.0, ext4 on /dev/vda (mounted at /), .NET 10.0.1".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cpu}, {Cores} cores, {Kernel}, {FileSystem}, {Runtime}");
}
