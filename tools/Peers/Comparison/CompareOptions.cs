using System.Globalization;
using FromScratch.Shared.Workloads;

namespace FromScratch.Peers.Comparison;

/// <summary>
/// The parsed command line of <see cref="CompareCommand"/>: its own flags (<c>--reps</c>,
/// <c>--markdown</c>, <c>--engines</c>, <c>--warmup</c>; and the child's <c>--engine</c>, <c>--repetition</c>,
/// <c>--result</c>) and the workload runner's (<see cref="WorkloadCommand.Parse"/>), which are passed
/// on to each child as they were given, with <c>--benchmarks</c> and <c>--db</c> made explicit.
/// </summary>
public sealed record CompareOptions
{
    /// <summary>The workload options every engine runs with.</summary>
    public required WorkloadOptions Workload { get; init; }

    /// <summary>The directory the stores' directories are made in (absolute).</summary>
    public required string Parent { get; init; }

    /// <summary>The workload runner's flags, for the children.</summary>
    public required IReadOnlyList<string> WorkloadArguments { get; init; }

    /// <summary>(--reps) Repetitions per engine.</summary>
    public int Repetitions { get; init; } = CompareCommand.DefaultRepetitions;

    /// <summary>
    /// (--warmup) Entries of the unmeasured run each child makes first, on a scratch store, with the
    /// same workloads (default 10,000; 0: none): so that .NET compiles the runner's code, and a managed
    /// engine's, to its optimised tier before the clock starts, as a native engine's code already is.
    /// </summary>
    public int Warmup { get; init; } = CompareCommand.DefaultWarmup;

    /// <summary>(--markdown) Where to write the report as Markdown, or null.</summary>
    public string? MarkdownPath { get; init; }

    /// <summary>(--engines) The engines to run, by name; empty for all.</summary>
    public IReadOnlyList<string> Engines { get; init; } = [];

    /// <summary>(--engine, child only) The engine the child runs.</summary>
    public string? ChildEngine { get; init; }

    /// <summary>(--repetition, child only) Which repetition the child is.</summary>
    public int ChildRepetition { get; init; } = 1;

    /// <summary>(--result, child only) Where the child writes its <see cref="EngineRun"/> as JSON.</summary>
    public string? ResultPath { get; init; }

    /// <summary>Parses the arguments after the verb.</summary>
    /// <exception cref="ArgumentException">An unknown flag, a missing or malformed value, or workload options out of range.</exception>
    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        int reps = CompareCommand.DefaultRepetitions, repetition = 1, warmup = CompareCommand.DefaultWarmup;
        string? markdown = null, engine = null, result = null;
        IReadOnlyList<string> engines = [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? arg : arg[..equals]).Replace('_', '-');
            string Value()
            {
                if (equals >= 0)
                {
                    return arg[(equals + 1)..];
                }

                return i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.", nameof(args));
            }

            int Int(int min) => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
                ? n
                : throw new ArgumentException($"{name} takes an integer of at least {min}.", nameof(args));

            switch (name)
            {
                case "--reps":
                    reps = Int(1);
                    break;
                case "--warmup":
                    warmup = Int(0);
                    break;
                case "--markdown":
                    markdown = Value();
                    break;
                case "--engines":
                    engines = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--engine":
                    engine = Value();
                    break;
                case "--repetition":
                    repetition = Int(1);
                    break;
                case "--result":
                    result = Value();
                    break;
                default:
                    rest.Add(arg);
                    break;
            }
        }

        if (!rest.Any(a => a.Replace('_', '-').StartsWith("--benchmarks", StringComparison.Ordinal)))
        {
            rest.AddRange(["--benchmarks", CompareCommand.DefaultWorkloads]);
        }

        var (workload, parent) = WorkloadCommand.Parse(rest);
        workload.Validate();
        if (!rest.Any(a => a == "--db" || a.StartsWith("--db=", StringComparison.Ordinal)))
        {
            rest.AddRange(["--db", parent]);
        }

        return new CompareOptions
        {
            Workload = workload,
            Parent = parent,
            WorkloadArguments = rest,
            Repetitions = reps,
            Warmup = warmup,
            MarkdownPath = markdown,
            Engines = engines,
            ChildEngine = engine,
            ChildRepetition = repetition,
            ResultPath = result,
        };
    }
}
