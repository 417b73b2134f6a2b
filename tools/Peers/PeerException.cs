namespace FromScratch.Peers;

/// <summary>
/// A peer engine refused an operation with a status that is neither corruption nor an I/O error
/// (those become <see cref="PeerCorruptionException"/> and <see cref="IOException"/>):
/// "Invalid argument: /tmp/db: does not exist (create_if_missing is false)", "Not implemented: ...",
/// "Invalid argument: Compression type LZ4 is not linked with the binary.". The message is the
/// engine's name and its status text; <see cref="Code"/> is the status kind before the first colon.
/// </summary>
public sealed class PeerException : Exception
{
    /// <summary>Creates the exception for <paramref name="engine"/>'s <paramref name="status"/>.</summary>
    /// <param name="engine">The engine, e.g. <c>LevelDB</c>.</param>
    /// <param name="code">The status kind, e.g. <c>Invalid argument</c>.</param>
    /// <param name="status">The whole status text as the engine wrote it (its <c>Status::ToString()</c>).</param>
    public PeerException(string engine, string code, string status)
        : base($"{engine}: {status}")
    {
        Engine = engine;
        Code = code;
        Status = status;
    }

    /// <summary>The engine that reported the status.</summary>
    public string Engine { get; }

    /// <summary>The status kind (LevelDB's and RocksDB's <c>Status::ToString()</c> prefix): <c>Invalid argument</c>, <c>Not implemented</c>, <c>NotFound</c>, ...</summary>
    public string Code { get; }

    /// <summary>The status text as the engine wrote it.</summary>
    public string Status { get; }
}
