namespace FromScratch.PageFile.Demo;

/// <summary>Command-line options of the demo.</summary>
internal sealed record DemoOptions
{
    public int Count { get; init; } = 2000;

    public int[] Every { get; init; } = [8, 64];

    public int WriteSize { get; init; } = 4096;

    public double MaxSecondsPerMode { get; init; } = 5;

    public string? Directory { get; init; }

    public bool RunDurability { get; init; } = true;

    public bool RunCorruption { get; init; } = true;

    public const string Usage = """
        Usage: dotnet run -c Release --project labs/db-01-storage-primitives/src/PageFile.Demo -- [options]
          --count N          appends per mode (default 2000)
          --every N[,M...]   also run "fsync every N writes" for each N (default 8,64)
          --size BYTES       bytes per append (default 4096)
          --max-seconds S    stop a mode after S seconds, for slow disks (default 5)
          --dir PATH         where to write (default: artifacts/ under the repository, else the current directory)
          --only durability|corruption   run one part
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and prints why when they are wrong.</summary>
    public static DemoOptions? Parse(string[] args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                Console.WriteLine(Usage);
                return null;
            }

            if (i + 1 >= args.Length)
            {
                return Fail($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--count" when int.TryParse(value, out var count) && count > 0:
                    options = options with { Count = count };
                    break;
                case "--every":
                    var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries);
                    var every = new int[parts.Length];
                    for (var j = 0; j < parts.Length; j++)
                    {
                        if (!int.TryParse(parts[j], out every[j]) || every[j] < 1)
                        {
                            return Fail($"--every takes positive integers separated by commas, not '{value}'.");
                        }
                    }

                    options = options with { Every = every };
                    break;
                case "--size" when int.TryParse(value, out var size) && size > 0:
                    options = options with { WriteSize = size };
                    break;
                case "--max-seconds" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    options = options with { MaxSecondsPerMode = seconds };
                    break;
                case "--dir":
                    options = options with { Directory = value };
                    break;
                case "--only" when value is "durability" or "corruption":
                    options = options with { RunDurability = value == "durability", RunCorruption = value == "corruption" };
                    break;
                default:
                    return Fail($"Unknown option or bad value: {name} {value}");
            }
        }

        return options;
    }

    private static DemoOptions? Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return null;
    }
}
