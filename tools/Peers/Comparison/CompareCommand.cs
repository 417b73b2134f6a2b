using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FromScratch.Shared.KeyValue;
using FromScratch.Shared.Workloads;

namespace FromScratch.Peers.Comparison;

/// <summary>
/// The <c>compare</c> command: a lab's engine against LevelDB and RocksDB on the same workloads, for
/// an engine's Benchmarks project to expose in one line:
/// <code>
///   // Program.cs of X.Benchmarks
///   if (CompareCommand.IsCompareCommand(args))
///       return CompareCommand.Run(args, new PeerEngine("myengine", "MyEngine: options ...", dir =&gt; MyStore.Open(dir)));
///
///   $ ./lab bench db-NN -- compare --num 1000000 --benchmarks fillseq,fillrandom,overwrite,readrandom --reps 3 --markdown out.md
/// </code>
/// How it measures:
/// <code>
///   for rep in 1..R:                        interleaved: a slow minute of the machine hits every engine,
///     for engine in [lab, leveldb, rocksdb]:   not all the repetitions of one
///       child process (this program, "compare-child --engine E"):
///         an unmeasured warm-up (the sequence at --warmup entries, so .NET code runs optimised),
///         fresh directories under --db, the workload sequence (WorkloadRunner), results as JSON,
///         its own peak RSS (the process's high-water mark) and its RSS before the first open
///   per workload and engine: median, min–max and median / LevelDB's median of ops/s; found counts
///   load average before and after; the machine; each engine's options; the same table as Markdown
/// </code>
/// A child process per run makes the peak memory an engine's own (in one process, RocksDB's arenas
/// and caches would count against the next engine, and a .NET heap grown by one run stays grown), and
/// gives every run the same cold start. Engines whose library is not installed are skipped with the
/// reason. Flags: <c>--reps R</c> (default 3), <c>--markdown FILE</c>, <c>--engines a,b</c> (a subset,
/// by name), <c>--warmup N</c> (default 10,000; 0: none), and the workload runner's flags (<see cref="WorkloadCommand"/>; <c>--benchmarks</c>
/// defaults to <see cref="DefaultWorkloads"/>, <c>--db</c> to the temporary directory).
/// </summary>
public static class CompareCommand
{
    /// <summary>The first argument that selects the comparison.</summary>
    public const string Verb = "compare";

    /// <summary>The first argument of the child process that runs one engine once (not for people).</summary>
    public const string ChildVerb = "compare-child";

    /// <summary>The workloads compared when --benchmarks is not given.</summary>
    public const string DefaultWorkloads = "fillseq,fillrandom,overwrite,readrandom";

    /// <summary>The repetitions per engine when --reps is not given.</summary>
    public const int DefaultRepetitions = 3;

    /// <summary>The entries of each child's unmeasured warm-up run when --warmup is not given.</summary>
    public const int DefaultWarmup = 10_000;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Whether <paramref name="args"/> start with <see cref="Verb"/> or <see cref="ChildVerb"/>.</summary>
    public static bool IsCompareCommand(IReadOnlyList<string> args) =>
        args is { Count: > 0 } && (args[0] == Verb || args[0] == ChildVerb);

    /// <summary>The usage text.</summary>
    public static string Usage { get; } =
        $"""
        usage: {Verb} [--reps {DefaultRepetitions}] [--markdown FILE] [--engines NAME,...] [--warmup {DefaultWarmup}] [--benchmarks {DefaultWorkloads}] [--num 1000000]
                      [workload flags: --reads --key_size --value_size --compression_ratio --sync --threads --seed --batch --db DIR]
          runs each workload sequence on the lab's engine, LevelDB and RocksDB (those installed), R interleaved
          repetitions, each in a child process; prints median, min–max and ratio to LevelDB per workload.
        """;

    /// <summary>
    /// Runs the comparison (<see cref="Verb"/>) or, in the child process, one engine once
    /// (<see cref="ChildVerb"/>), writing to <paramref name="output"/> (default: the console).
    /// </summary>
    /// <param name="args">The arguments, starting with the verb.</param>
    /// <param name="labEngine">The lab's own engine.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="invokedAs">How the command was started, for the report's reproducing command line (default: the program's name).</param>
    /// <returns>0 when every run succeeded; 1 when a run failed or no engine could run; 2 for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args, PeerEngine labEngine, TextWriter? output = null, string? invokedAs = null) =>
        Run(args, labEngine, output ?? Console.Out, invokedAs, SpawnChild);

    /// <summary>
    /// As <see cref="Run(IReadOnlyList{string}, PeerEngine, TextWriter?, string?)"/>, with the way a child
    /// run is started given: <paramref name="runChild"/> gets the child's arguments (starting with
    /// <see cref="ChildVerb"/>) and a writer for its output, and returns its exit code. Tests pass one
    /// that calls <see cref="Run(IReadOnlyList{string}, PeerEngine, TextWriter?, string?)"/> in process.
    /// </summary>
    public static int Run(IReadOnlyList<string> args, PeerEngine labEngine, TextWriter output, string? invokedAs, Func<IReadOnlyList<string>, TextWriter, int> runChild)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(labEngine);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(runChild);
        CompareOptions options;
        try
        {
            options = CompareOptions.Parse(args.Count > 0 && (args[0] == Verb || args[0] == ChildVerb) ? args.Skip(1).ToList() : args);
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {e.Message}");
            output.WriteLine(Usage);
            return 2;
        }

        var engines = Engines(labEngine);
        return args.Count > 0 && args[0] == ChildVerb
            ? RunChild(options, engines, output)
            : RunParent(args, options, engines, output, invokedAs ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "benchmarks", runChild);
    }

    /// <summary>The engines a comparison knows, in the order they run: the lab's, LevelDB, RocksDB.</summary>
    public static IReadOnlyList<PeerEngine> Engines(PeerEngine labEngine) => [labEngine, PeerEngine.LevelDb(), PeerEngine.RocksDb()];

    private static int RunParent(IReadOnlyList<string> args, CompareOptions options, IReadOnlyList<PeerEngine> known, TextWriter output, string invokedAs, Func<IReadOnlyList<string>, TextWriter, int> runChild)
    {
        var unknown = options.Engines.Except(known.Select(e => e.Name)).ToList();
        if (unknown.Count > 0)
        {
            output.WriteLine($"error: unknown engine(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known.Select(e => e.Name))}.");
            return 2;
        }

        var chosen = known.Where(e => options.Engines.Count == 0 || options.Engines.Contains(e.Name)).ToList();
        var skipped = chosen.Where(e => e.UnavailableReason is not null).Select(e => (e.Name, e.UnavailableReason!)).ToList();
        var engines = chosen.Where(e => e.UnavailableReason is null).ToList();
        foreach (var (name, reason) in skipped)
        {
            output.WriteLine($"skipping {name}: {reason}");
        }

        if (engines.Count == 0)
        {
            output.WriteLine("error: no engine to run.");
            return 1;
        }

        var started = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Probe(options.Parent);
        var loadBefore = MachineInfo.LoadAverage();
        output.WriteLine($"comparing {string.Join(", ", engines.Select(e => e.Name))} on {string.Join(",", options.Workload.Workloads.Select(WorkloadNames.NameOf))}, " +
            $"{options.Repetitions} repetitions; load average {loadBefore ?? "n/a"}");
        output.WriteLine($"machine: {machine}");
        var runs = new List<EngineRun>();
        var resultDirectory = Path.Combine(Path.GetTempPath(), $"fromscratch-compare-{Guid.NewGuid():N}");
        Directory.CreateDirectory(resultDirectory);
        try
        {
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                foreach (var engine in engines)
                {
                    output.WriteLine($"[{rep}/{options.Repetitions}] {engine.Name}");
                    var resultFile = Path.Combine(resultDirectory, $"{engine.Name}-{rep}.json");
                    List<string> childArgs =
                    [
                        ChildVerb, "--engine", engine.Name, "--repetition", rep.ToString(CultureInfo.InvariantCulture), "--result", resultFile,
                        "--warmup", options.Warmup.ToString(CultureInfo.InvariantCulture), .. options.WorkloadArguments,
                    ];
                    var run = RunOne(childArgs, resultFile, engine.Name, rep, output, runChild);
                    runs.Add(run);
                    output.WriteLine(run.Error is null
                        ? $"[{rep}/{options.Repetitions}] {engine.Name}: {run.Seconds:0.0} s, peak RSS {run.PeakRssBytes / 1048576.0:0.0} MiB"
                        : $"[{rep}/{options.Repetitions}] {engine.Name} FAILED: {run.Error}");
                }
            }
        }
        finally
        {
            Directory.Delete(resultDirectory, recursive: true);
        }

        var settings = new ComparisonSettings(
            $"{invokedAs} {string.Join(' ', args)}", started,
            [.. options.Workload.Workloads.Select(WorkloadNames.NameOf)], ComparisonSettings.Describe(options.Workload),
            options.Repetitions, options.Warmup, machine, options.Parent, loadBefore, MachineInfo.LoadAverage());
        var report = new ComparisonReport(settings, engines, skipped, runs);
        output.WriteLine();
        output.Write(report.FormatText());
        if (options.MarkdownPath is { } markdown)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(markdown));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(markdown, report.FormatMarkdown());
            output.WriteLine($"wrote {markdown}");
        }

        return runs.Any(r => r.Error is not null) ? 1 : 0;
    }

    private static EngineRun RunOne(IReadOnlyList<string> childArgs, string resultFile, string engine, int repetition, TextWriter output, Func<IReadOnlyList<string>, TextWriter, int> runChild)
    {
        var captured = new StringWriter();
        var echo = new EchoWriter(output, captured);
        var watch = Stopwatch.StartNew();
        int exit;
        try
        {
            exit = runChild(childArgs, echo);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new EngineRun { Engine = engine, Repetition = repetition, Error = $"the child process could not run: {e.Message}" };
        }

        if (exit == 0 && File.Exists(resultFile))
        {
            return JsonSerializer.Deserialize<EngineRun>(File.ReadAllText(resultFile), Json)!;
        }

        var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new EngineRun
        {
            Engine = engine,
            Repetition = repetition,
            Seconds = watch.Elapsed.TotalSeconds,
            Error = $"exit code {exit}: {string.Join(" / ", lines.TakeLast(3))}",
        };
    }

    private static int RunChild(CompareOptions options, IReadOnlyList<PeerEngine> engines, TextWriter output)
    {
        var startRss = Environment.WorkingSet;
        var watch = Stopwatch.StartNew();
        var engine = engines.FirstOrDefault(e => e.Name == options.ChildEngine);
        if (engine is null || options.ResultPath is null)
        {
            output.WriteLine($"error: {ChildVerb} needs --engine (one of {string.Join(", ", engines.Select(e => e.Name))}) and --result FILE.");
            return 2;
        }

        try
        {
            var workload = options.Workload;
            var unsupported = UnsupportedWorkloads(engine, workload, options.Parent);
            var supported = workload with { Workloads = [.. workload.Workloads.Where(k => !unsupported.ContainsKey(k))] };
            if (options.Warmup > 0 && supported.Workloads.Count > 0)
            {
                var warmup = supported with
                {
                    Num = Math.Min(supported.Num, options.Warmup),
                    Reads = supported.Reads < 0 ? -1 : Math.Min(supported.Reads, options.Warmup),
                };
                WorkloadCommand.RunInFreshDirectories(new WorkloadRunner(warmup), options.Parent, engine.Open);
            }

            var results = supported.Workloads.Count == 0
                ? []
                : WorkloadCommand.RunInFreshDirectories(new WorkloadRunner(supported), options.Parent, engine.Open, r => output.WriteLine(r.ToDbBenchLine())).Results;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var run = new EngineRun
            {
                Engine = engine.Name,
                Repetition = options.ChildRepetition,
                Workloads = [.. results.Select(r => new WorkloadSample(r.Name, r.Operations, r.OperationsPerSecond, r.MicrosPerOperation, r.P50Micros, r.P99Micros, r.Found))],
                Unsupported = [.. unsupported.Select(u => $"{WorkloadNames.NameOf(u.Key)}: {u.Value}")],
                PeakRssBytes = self.PeakWorkingSet64,
                StartRssBytes = startRss,
                Seconds = watch.Elapsed.TotalSeconds,
            };
            File.WriteAllText(options.ResultPath, JsonSerializer.Serialize(run, Json));
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or NotSupportedException or DllNotFoundException or PeerException)
        {
            output.WriteLine($"error: {engine.Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The workloads <paramref name="engine"/> cannot run (those that need key order, on a store without), found by opening it once in a scratch directory.</summary>
    private static Dictionary<WorkloadKind, string> UnsupportedWorkloads(PeerEngine engine, WorkloadOptions workload, string parent)
    {
        var ordered = workload.Workloads.Where(WorkloadRunner.NeedsOrderedStore).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }

        var probe = Path.Combine(parent, $"fromscratch-probe-{Guid.NewGuid():N}");
        Directory.CreateDirectory(probe);
        try
        {
            using var store = engine.Open(probe);
            return store is IOrderedKeyValueStore
                ? []
                : ordered.ToDictionary(k => k, _ => $"{store.GetType().Name} keeps no key order");
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }
    }

    /// <summary>Starts this program again as the child, and forwards its output line by line.</summary>
    private static int SpawnChild(IReadOnlyList<string> args, TextWriter output)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("The path of this program is unknown."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in ChildCommandLine(Environment.ProcessPath, Assembly.GetEntryAssembly()?.Location, args))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var gate = new Lock();
        void Forward(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    output.WriteLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Forward;
        process.ErrorDataReceived += Forward;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>
    /// The arguments that start this program as a child: <paramref name="args"/> after the program
    /// itself, or after its assembly when it runs under the <c>dotnet</c> host (<c>dotnet X.dll</c>).
    /// </summary>
    public static IReadOnlyList<string> ChildCommandLine(string processPath, string? entryAssembly, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(processPath);
        ArgumentNullException.ThrowIfNull(args);
        var host = Path.GetFileNameWithoutExtension(processPath);
        return host == "dotnet" && entryAssembly is { Length: > 0 } ? [entryAssembly, .. args] : [.. args];
    }

    /// <summary>Writes each line to the console output, indented, and keeps a copy (for the error message of a failed run).</summary>
    private sealed class EchoWriter(TextWriter output, StringWriter copy) : TextWriter
    {
        public override System.Text.Encoding Encoding => output.Encoding;

        public override void Write(char value)
        {
            output.Write(value);
            copy.Write(value);
        }

        public override void WriteLine(string? value)
        {
            output.WriteLine("    " + value);
            copy.WriteLine(value);
        }
    }
}
