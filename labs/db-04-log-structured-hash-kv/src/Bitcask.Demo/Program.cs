using FromScratch.Bitcask.Demo;

// db-04 demo.
//   (no arguments)   the scripted tour on a simulated disk: load, power cut, crash, recovery, merge.
//   shell [dir]      an interactive shell on a real directory (get, put, del, stats, merge, help, quit).
// Run: ./lab demo db-04   or   ./lab demo db-04 -- shell /tmp/mystore
if (args.Length > 0 && args[0] == "shell")
{
    var directory = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "fromscratch-bitcask-shell");
    return Shell.Run(directory, Console.In, Console.Out);
}
if (args.Length > 0)
{
    Console.Error.WriteLine("usage: Bitcask.Demo            the scripted demo");
    Console.Error.WriteLine("       Bitcask.Demo shell [dir]  an interactive shell on a store in dir");
    return 2;
}
return Tour.Run(seed: 2026);
