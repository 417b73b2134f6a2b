using FromScratch.PageFile.Demo;

// db-01 demo: the durability experiment, then the page corruption demonstration.
// ./lab demo db-01, or: dotnet run -c Release --project labs/db-01-storage-primitives/src/PageFile.Demo -- --help
var options = DemoOptions.Parse(args);
if (options is null)
{
    return args.Contains("--help") || args.Contains("-h") ? 0 : 2;
}

var directory = Path.Combine(options.Directory ?? DiskCheck.DefaultDirectory(), $"run-{Environment.ProcessId}");
Directory.CreateDirectory(directory);
try
{
    if (options.RunDurability)
    {
        new DurabilityExperiment(options, directory).Run();
        Console.WriteLine();
    }

    if (options.RunCorruption)
    {
        new CorruptionDemo(directory).Run();
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}

return 0;
