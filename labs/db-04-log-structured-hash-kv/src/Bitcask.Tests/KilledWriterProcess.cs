using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace FromScratch.Bitcask.Tests;

/// <summary>
/// A writer in a child process, for the test that kills it (<c>kill -9</c>) and checks that no
/// acknowledged write is lost. The child is this test program started again with
/// <see cref="Variable"/> set: a module initializer sees it before the test framework starts, runs
/// <see cref="Write"/> and never returns (the parent kills it).
/// </summary>
internal static class KilledWriterProcess
{
    /// <summary>The environment variable that makes the test program a writer: <c>directory|useMemoryMaps|maxFileSize</c>.</summary>
    public const string Variable = "FROMSCRATCH_BITCASK_KILLED_WRITER";

    public static byte[] Key(int i) => TestData.Key(i);

    public static byte[] Value(int i) => TestData.Value(i, 100);

    [ModuleInitializer]
    internal static void RunIfChild()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { } spec)
        {
            var parts = spec.Split('|');
            Write(parts[0], new BitcaskOptions { UseMemoryMaps = bool.Parse(parts[1]), MaxFileSize = long.Parse(parts[2], CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>Starts the writer on <paramref name="directory"/>, its standard output redirected.</summary>
    public static Process Start(string directory, BitcaskOptions options)
    {
        // Under `dotnet test` the program runs as `dotnet <tests>.dll` or as its own executable.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(KilledWriterProcess).Assembly.Location);
        }
        start.Environment[Variable] = string.Join('|', directory, options.UseMemoryMaps, options.MaxFileSize.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start)!;
    }

    /// <summary>The writes the child makes before it waits to be killed.</summary>
    public const int Writes = 1000;

    // Puts key i = value i for i = 0 .. Writes - 1 (unsynced), printing i after every 100th Put has
    // returned (a printed i says that writes 0 to i were acknowledged), then waits to be killed. It
    // stops writing after the last acknowledgement so that nothing it does later can push out a
    // write that an implementation kept in its own memory: whatever is not in the kernel by then is lost.
    private static void Write(string directory, BitcaskOptions options)
    {
        var store = BitcaskStore.Open(directory, options);
        var output = Console.Out;
        for (var i = 0; i < Writes; i++)
        {
            store.Put(Key(i), Value(i));
            if (i % 100 == 99)
            {
                output.WriteLine(i);
                output.Flush();
            }
        }
        GC.KeepAlive(store);
        Thread.Sleep(Timeout.Infinite);
    }
}
