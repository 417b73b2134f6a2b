namespace FromScratch.Peers;

/// <summary>
/// A peer engine's native library is not installed (or the file found is not that library): the
/// message names the files tried and the package to install, e.g. "LevelDB is not installed: none of
/// libleveldb.so.1d, libleveldb.so.1, libleveldb.so could be loaded; install libleveldb-dev
/// (Debian/Ubuntu: apt-get install -y libleveldb-dev; ...)". Tests and comparisons check
/// <see cref="PeerLibrary.IsAvailable"/> first and skip the engine with the same reason.
/// </summary>
public sealed class PeerLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception for <paramref name="library"/>, with <paramref name="message"/> saying what was tried and what to install.</summary>
    public PeerLibraryNotFoundException(PeerLibrary library, string message)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(library);
        Library = library;
    }

    /// <summary>The library that is missing.</summary>
    public PeerLibrary Library { get; }
}
