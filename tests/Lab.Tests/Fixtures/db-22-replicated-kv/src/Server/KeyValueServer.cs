using FromScratch.Core;

namespace FromScratch.Server;

/// <summary>Answers text commands (<c>put k v</c>, <c>get k</c>) from a <see cref="KeyValueLog"/>.</summary>
public sealed class KeyValueServer
{
    private readonly KeyValueLog _log;

    /// <summary>A server over <paramref name="log"/>.</summary>
    public KeyValueServer(KeyValueLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
    }

    /// <summary>The log the server writes.</summary>
    public KeyValueLog Log => _log;

    /// <summary>Runs one command and returns its answer: <c>ok</c>, the value, <c>(none)</c> or <c>error: ...</c>.</summary>
    public string Handle(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = command.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["put", var key, var value] => Put(key, value),
            ["get", var key] => _log.Get(key) ?? "(none)",
            _ => "error: expected 'put <key> <value>' or 'get <key>'",
        };
    }

    private string Put(string key, string value)
    {
        _log.Append(key, value);
        return "ok";
    }
}
