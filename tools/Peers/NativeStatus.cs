using FromScratch.Shared.IO;

namespace FromScratch.Peers;

/// <summary>
/// Turns the error text a LevelDB-style C API returns through its <c>char** errptr</c> (the
/// engine's <c>Status::ToString()</c>) into a typed exception:
/// <code>
///   "Corruption: ..."                              -&gt; PeerCorruptionException (a CorruptionException)
///   "IO error: lock /db/LOCK: already held by process"
///   "IO error: lock hold by current process, ...: /db/LOCK: No locks available"
///                                                  -&gt; FileLockedException      (an IOException)
///   "IO error: ..."                                -&gt; IOException
///   "Invalid argument: ...", anything else         -&gt; PeerException, Code = the text before the first ':'
/// </code>
/// The C APIs hand the text over as a <c>malloc</c>ed string that the caller frees with
/// <c>leveldb_free</c>/<c>rocksdb_free</c>; the stores do that before they call
/// <see cref="ToException"/>. Stateless and thread-safe.
/// </summary>
public static class NativeStatus
{
    private const string CorruptionPrefix = "Corruption:";
    private const string IoErrorPrefix = "IO error:";

    /// <summary>The exception for <paramref name="engine"/>'s error <paramref name="status"/> about the store at <paramref name="directory"/>.</summary>
    /// <param name="engine">The engine's name, e.g. <c>LevelDB</c>.</param>
    /// <param name="directory">The store's directory.</param>
    /// <param name="status">The error text, e.g. <c>IO error: /db/000005.ldb: No such file or directory</c>.</param>
    public static Exception ToException(string engine, string directory, string status)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(status);
        if (status.StartsWith(CorruptionPrefix, StringComparison.Ordinal))
        {
            return new PeerCorruptionException(engine, directory, status);
        }

        if (status.StartsWith(IoErrorPrefix, StringComparison.Ordinal))
        {
            var io = new IOException($"{engine}: {status}");
            return IsLockHeld(status)
                ? new FileLockedException(Path.Combine(directory, "LOCK"), io)
                : io;
        }

        var colon = status.IndexOf(':', StringComparison.Ordinal);
        var code = colon > 0 ? status[..colon] : "Unknown";
        return new PeerException(engine, code, status);
    }

    // The texts of a held LOCK file. LevelDB 1.23 (util/env_posix.cc, LockFile): "lock <dir>/LOCK:
    // already held by process" when this process holds it, "lock <dir>/LOCK: Resource temporarily
    // unavailable" when another does. RocksDB 7 (env/fs_posix.cc, LockFile): "lock hold by current
    // process, acquire time ... : <dir>/LOCK: No locks available", or "While lock file: <dir>/LOCK:
    // Resource temporarily unavailable".
    private static bool IsLockHeld(string status) =>
        status.Contains("LOCK", StringComparison.Ordinal)
        && (status.Contains("already held by process", StringComparison.Ordinal)
            || status.Contains("lock hold by current process", StringComparison.Ordinal)
            || status.Contains("Resource temporarily unavailable", StringComparison.Ordinal)
            || status.Contains("No locks available", StringComparison.Ordinal));
}
