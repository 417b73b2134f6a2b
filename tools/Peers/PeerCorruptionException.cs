using FromScratch.Shared.IO;

namespace FromScratch.Peers;

/// <summary>
/// A peer engine reported corruption ("Corruption: block checksum mismatch: /tmp/db/000005.ldb"): a
/// <see cref="CorruptionException"/>, so that code written against the contract catches it as it
/// catches the curriculum's own engines' corruption. The engine names the damaged file in its text
/// but not an offset: <see cref="CorruptionException.FilePath"/> is the store's directory and
/// <see cref="CorruptionException.Offset"/> is -1 (unknown).
/// </summary>
public sealed class PeerCorruptionException : CorruptionException
{
    /// <summary>Creates the exception for <paramref name="engine"/>'s corruption <paramref name="status"/> in the store at <paramref name="directory"/>.</summary>
    public PeerCorruptionException(string engine, string directory, string status)
        : base(directory, -1, status)
    {
        Engine = engine;
        Status = status;
    }

    /// <summary>The engine that reported the corruption.</summary>
    public string Engine { get; }

    /// <summary>The status text as the engine wrote it, e.g. <c>Corruption: block checksum mismatch: ...</c>.</summary>
    public string Status { get; }

    /// <inheritdoc/>
    public override string Message => $"{Engine} reported corruption in the store at '{FilePath}': {Status}";
}
