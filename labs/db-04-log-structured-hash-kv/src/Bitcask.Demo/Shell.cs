using System.Text;
using FromScratch.Shared.IO;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask.Demo;

/// <summary>
/// An interactive shell on a store in a real directory. Keys and values are UTF-8 text; a value
/// may contain spaces (everything after the key). Bad input prints a message, never a stack trace.
/// </summary>
internal static class Shell
{
    private const string Help = """
        commands:
          get <key>              print the value of <key>
          put <key> <value...>   store <value> (the rest of the line) under <key>
          del <key>              delete <key>
          sync on|off            whether put and del fsync before returning (default off)
          stats                  keys, files, live and dead bytes, fsyncs, merges
          merge                  rewrite the live records into new files, drop the garbage
          help                   this text
          quit                   close the store and leave (also: exit, end of input)
        """;

    public static int Run(string directory, TextReader input, TextWriter output)
    {
        BitcaskStore store;
        try
        {
            store = BitcaskStore.Open(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            output.WriteLine($"cannot open a store in {directory}: {e.Message}");
            return 1;
        }

        using (store)
        {
            output.WriteLine($"bitcask shell on {store.Directory} ({store.Statistics.Keys:N0} keys). Type help for the commands.");
            Stats.Print(output, store.Recovery);
            var options = WriteOptions.Default;
            while (true)
            {
                output.Write("bitcask> ");
                var line = input.ReadLine();
                if (line is null)
                {
                    output.WriteLine();
                    return 0;
                }

                var trimmed = line.Trim();
                if (trimmed.Length == 0)
                {
                    continue;
                }
                var space = trimmed.IndexOf(' ');
                var command = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
                var rest = space < 0 ? "" : trimmed[(space + 1)..].TrimStart();
                try
                {
                    switch (command)
                    {
                        case "quit" or "exit":
                            return 0;
                        case "help" or "?":
                            output.WriteLine(Help);
                            break;
                        case "get":
                            RequireKey(rest, "get <key>");
                            var value = store.Get(Encoding.UTF8.GetBytes(rest));
                            output.WriteLine(value is null ? "(not found)" : Encoding.UTF8.GetString(value));
                            break;
                        case "put":
                            var split = rest.IndexOf(' ');
                            RequireKey(split < 0 ? "" : rest[..split], "put <key> <value...>");
                            store.Put(Encoding.UTF8.GetBytes(rest[..split]), Encoding.UTF8.GetBytes(rest[(split + 1)..]), options);
                            output.WriteLine(options.Sync ? "ok (synced)" : "ok");
                            break;
                        case "del" or "delete":
                            RequireKey(rest, "del <key>");
                            store.Delete(Encoding.UTF8.GetBytes(rest), options);
                            output.WriteLine("ok");
                            break;
                        case "sync":
                            options = rest.ToLowerInvariant() switch
                            {
                                "on" => WriteOptions.Synced,
                                "off" => WriteOptions.Default,
                                _ => throw new FormatException("usage: sync on|off"),
                            };
                            output.WriteLine($"writes are {(options.Sync ? "synced" : "not synced")} from now on");
                            break;
                        case "stats":
                            Stats.Print(output, "statistics", store.Statistics);
                            break;
                        case "merge":
                            var result = store.Merge();
                            output.WriteLine(result.InputFiles.Count == 0
                                ? "nothing to merge"
                                : $"merged {result.InputFiles.Count} file(s) into {result.OutputFiles.Count}: {result.RecordsCopied:N0} live records copied, {result.BytesReclaimed:N0} B reclaimed");
                            break;
                        default:
                            output.WriteLine($"unknown command '{command}'; type help");
                            break;
                    }
                }
                catch (FormatException e)
                {
                    output.WriteLine(e.Message);
                }
                catch (CorruptionException e)
                {
                    output.WriteLine($"corruption: {e.Message}");
                }
                catch (Exception e) when (e is IOException or ArgumentException)
                {
                    output.WriteLine($"error: {e.Message}");
                }
            }
        }
    }

    private static void RequireKey(string key, string usage)
    {
        if (key.Length == 0)
        {
            throw new FormatException($"usage: {usage}");
        }
    }
}
