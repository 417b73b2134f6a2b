using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Shared.Workloads;

/// <summary>
/// The command line of the workload runner, for an engine's Benchmarks project to expose in one line:
/// <code>
///   // Program.cs of X.Benchmarks
///   if (WorkloadCommand.IsWorkloadCommand(args))
///       return WorkloadCommand.Run(args, directory =&gt; MyStore.Open(directory));
///   BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
///
///   $ dotnet run -c Release --project labs/.../X.Benchmarks -- workload --benchmarks fillseq,readrandom --num 100000
/// </code>
/// Flags take db_bench's names, as <c>--name value</c> or <c>--name=value</c>, with <c>_</c> or <c>-</c>:
/// --benchmarks, --num, --reads, --key_size, --value_size, --compression_ratio, --sync, --threads,
/// --seed, --batch, --db (the parent directory of the store's directory; default the system temporary
/// directory). The runner creates a new directory under it for each fresh store and deletes it
/// afterwards; it never deletes anything it did not create.
/// </summary>
public static class WorkloadCommand
{
    /// <summary>The first argument that selects the workload runner: <c>workload</c>.</summary>
    public const string Verb = "workload";

    /// <summary>Whether <paramref name="args"/> start with <see cref="Verb"/>.</summary>
    public static bool IsWorkloadCommand(IReadOnlyList<string> args) =>
        args is { Count: > 0 } && string.Equals(args[0], Verb, StringComparison.OrdinalIgnoreCase);

    /// <summary>The usage text.</summary>
    public static string Usage { get; } =
        $"""
        usage: {Verb} [--benchmarks fillseq,readrandom,...] [--num N] [--reads R] [--key_size 16] [--value_size 100]
                      [--compression_ratio 0.5] [--sync] [--threads 1] [--seed 301] [--batch 1] [--db DIR]
          workloads: {string.Join(", ", WorkloadNames.All)}
          defaults: --benchmarks {string.Join(",", WorkloadOptions.DefaultWorkloads.Select(WorkloadNames.NameOf))} --num 1000000 (reads = num)
        """;

    /// <summary>
    /// Parses <paramref name="args"/> (a leading <see cref="Verb"/> is skipped), runs the workloads on
    /// stores opened by <paramref name="openStore"/> in fresh directories, and writes each workload's
    /// db_bench line as it finishes, then the header and the table, to <paramref name="output"/>
    /// (default: the console).
    /// </summary>
    /// <returns>0 on success; 2 for bad arguments (the message and the usage are written); 1 if a workload cannot run on this store or fails.</returns>
    public static int Run(IReadOnlyList<string> args, Func<string, IKeyValueStore> openStore, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(openStore);
        output ??= Console.Out;
        WorkloadOptions options;
        string parent;
        try
        {
            (options, parent) = Parse(IsWorkloadCommand(args) ? args.Skip(1).ToList() : args);
            options.Validate();
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {e.Message}");
            output.WriteLine(Usage);
            return 2;
        }
        catch (HelpRequestedException)
        {
            output.WriteLine(Usage);
            return 0;
        }

        try
        {
            WarnIfUnoptimized(output);
            var warned = false;
            IKeyValueStore OpenAndWarn(string directory)
            {
                var store = openStore(directory);
                if (!warned)
                {
                    warned = true;
                    WarnIfUnoptimized(output, store.GetType().Assembly);
                }

                return store;
            }

            var report = RunInFreshDirectories(new WorkloadRunner(options), parent, OpenAndWarn, result => output.WriteLine(result.ToDbBenchLine()));
            output.WriteLine();
            output.Write(report.ToString());
            return 0;
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or IOException)
        {
            output.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Runs <paramref name="runner"/>'s workloads (<see cref="WorkloadRunner.Run(Func{IKeyValueStore}, Action{WorkloadResult})"/>)
    /// on stores that <paramref name="openStore"/> opens, each fresh store in a new directory
    /// <c>fromscratch-workload-&lt;guid&gt;</c> under <paramref name="parent"/>. The directory of the
    /// previous store is deleted when the next is made, and the last when the run ends (or fails);
    /// nothing else under <paramref name="parent"/> is touched.
    /// </summary>
    public static WorkloadReport RunInFreshDirectories(WorkloadRunner runner, string parent, Func<string, IKeyValueStore> openStore, Action<WorkloadResult>? onResult = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrEmpty(parent);
        ArgumentNullException.ThrowIfNull(openStore);
        var created = new List<string>();
        try
        {
            IKeyValueStore OpenFresh()
            {
                foreach (var directory in created)
                {
                    DeleteQuietly(directory);
                }

                var path = Path.Combine(parent, $"fromscratch-workload-{Guid.NewGuid():N}");
                Directory.CreateDirectory(path);
                created.Add(path);
                return openStore(path);
            }

            return runner.Run(OpenFresh, onResult);
        }
        finally
        {
            foreach (var directory in created)
            {
                DeleteQuietly(directory);
            }
        }
    }

    /// <summary>Parses the flags into options and the parent directory of the stores.</summary>
    /// <exception cref="ArgumentException">An unknown flag, a missing value or a value that is not a number.</exception>
    public static (WorkloadOptions Options, string Parent) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new WorkloadOptions();
        var parent = Path.GetTempPath();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                throw new HelpRequestedException();
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'; flags start with --.", nameof(args));
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? arg[2..] : arg[2..equals]).Replace('-', '_').ToLowerInvariant();
            string? inline = equals < 0 ? null : arg[(equals + 1)..];
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"--{name} needs a value.", nameof(args));
                }

                return args[++i];
            }

            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new ArgumentException($"--{name} takes an integer.", nameof(args));

            options = name switch
            {
                "benchmarks" => options with { Workloads = WorkloadNames.ParseList(Value()) },
                "num" => options with { Num = Int() },
                "reads" => options with { Reads = Int() },
                "key_size" => options with { KeySize = Int() },
                "value_size" => options with { ValueSize = Int() },
                "compression_ratio" => options with
                {
                    CompressionRatio = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var r)
                        ? r
                        : throw new ArgumentException("--compression_ratio takes a number.", nameof(args)),
                },
                "sync" => options with { Sync = inline is null || inline is "1" or "true" },
                "threads" => options with { Threads = Int() },
                "seed" => options with { Seed = Int() },
                "batch" or "batch_size" or "entries_per_batch" => options with { BatchSize = Int() },
                "db" => SetParent(options, Value(), out parent),
                _ => throw new ArgumentException($"Unknown flag --{name}.", nameof(args)),
            };
        }

        return (options, parent);
    }

    private static WorkloadOptions SetParent(WorkloadOptions options, string value, out string parent)
    {
        parent = Path.GetFullPath(value);
        return options;
    }

    private static void WarnIfUnoptimized(TextWriter output, Assembly? assembly = null)
    {
        assembly ??= Assembly.GetEntryAssembly();
        if (assembly?.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
        {
            output.WriteLine($"WARNING: {assembly.GetName().Name} is built without optimization (Debug): run with -c Release for numbers worth quoting");
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a file still open on Windows must not turn a finished run into a failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class HelpRequestedException : Exception
    {
    }
}
