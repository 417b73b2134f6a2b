using System.Reflection;
using System.Runtime.InteropServices;

namespace FromScratch.Peers;

/// <summary>
/// One optional native library, LevelDB's or RocksDB's shared library: the file names it has on each
/// platform, the package that installs it, and whether it loads on this machine. The stores'
/// <c>[LibraryImport]</c> declarations name the library by a short name (<see cref="ImportName"/>:
/// <c>leveldb</c>, <c>rocksdb</c>); a <see cref="NativeLibrary.SetDllImportResolver"/> resolver maps
/// that name to the first of <see cref="FileNames"/> that loads, so the exact soname a distribution
/// ships (<c>libleveldb.so.1d</c> on Debian and Ubuntu) is found without a <c>-dev</c> symlink, and a
/// missing library is told apart from a bug before the first native call:
/// <code>
///   LevelDbStore.Open(dir)
///     -> PeerLibrary.LevelDb.ThrowIfUnavailable()      PeerLibraryNotFoundException: "install libleveldb-dev ..."
///     -> LevelDbNative.Open(...)   [LibraryImport("leveldb")]
///          -> resolver("leveldb")  -> handle of libleveldb.so.1d (loaded once, by Load)
/// </code>
/// Loading is tried once per library and remembered (a library installed while the process runs is
/// not seen). Thread-safe.
/// </summary>
public sealed class PeerLibrary
{
    private static readonly Lock ResolverLock = new();
    private static bool _resolverRegistered;

    private readonly Lazy<(IntPtr Handle, string? LoadedFrom, string? Problem)> _load;

    /// <summary>Describes a native library; nothing is loaded until <see cref="IsAvailable"/> or <see cref="ThrowIfUnavailable"/> asks.</summary>
    /// <param name="name">The engine's name for messages, e.g. <c>LevelDB</c>.</param>
    /// <param name="importName">The library name the <c>[LibraryImport]</c> declarations use, e.g. <c>leveldb</c>.</param>
    /// <param name="fileNames">The file names to try, in order (bare names: the platform's loader searches its usual paths).</param>
    /// <param name="installHint">How to install it, e.g. <c>install libleveldb-dev (Debian/Ubuntu: apt-get install -y libleveldb-dev)</c>.</param>
    /// <param name="requiredExport">A function the library must export to count as the right library, e.g. <c>leveldb_open</c>.</param>
    public PeerLibrary(string name, string importName, IReadOnlyList<string> fileNames, string installHint, string requiredExport)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(importName);
        ArgumentNullException.ThrowIfNull(fileNames);
        ArgumentException.ThrowIfNullOrEmpty(installHint);
        ArgumentException.ThrowIfNullOrEmpty(requiredExport);
        if (fileNames.Count == 0)
        {
            throw new ArgumentException("At least one file name is needed.", nameof(fileNames));
        }

        Name = name;
        ImportName = importName;
        FileNames = [.. fileNames];
        InstallHint = installHint;
        RequiredExport = requiredExport;
        _load = new Lazy<(IntPtr, string?, string?)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// LevelDB's C library (leveldb/c.h), 1.23 as Debian and Ubuntu ship it: <c>libleveldb.so.1d</c>
    /// (the <c>-dev</c> package adds the <c>libleveldb.so</c> symlink), <c>libleveldb.dylib</c> from
    /// Homebrew, <c>leveldb.dll</c> on Windows (vcpkg).
    /// </summary>
    public static PeerLibrary LevelDb { get; } = new(
        "LevelDB",
        "leveldb",
        OperatingSystem.IsWindows() ? ["leveldb.dll"]
            : OperatingSystem.IsMacOS() ? ["libleveldb.1.dylib", "libleveldb.dylib"]
            : ["libleveldb.so.1d", "libleveldb.so.1", "libleveldb.so"],
        "install libleveldb-dev (Debian/Ubuntu: apt-get install -y libleveldb-dev; macOS: brew install leveldb)",
        "leveldb_open");

    /// <summary>
    /// RocksDB's C library (rocksdb/c.h), 7.8 as Debian 12 ships it: <c>librocksdb.so.7.8</c>, or any
    /// version through the <c>-dev</c> package's <c>librocksdb.so</c> symlink (the C functions used
    /// here are the same from RocksDB 6 to 9); <c>librocksdb.dylib</c> from Homebrew, <c>rocksdb.dll</c>
    /// on Windows (vcpkg).
    /// </summary>
    public static PeerLibrary RocksDb { get; } = new(
        "RocksDB",
        "rocksdb",
        OperatingSystem.IsWindows() ? ["rocksdb.dll"]
            : OperatingSystem.IsMacOS() ? ["librocksdb.dylib"]
            : ["librocksdb.so.7.8", "librocksdb.so"],
        "install librocksdb-dev (Debian/Ubuntu: apt-get install -y librocksdb-dev; macOS: brew install rocksdb)",
        "rocksdb_writebatch_create_from");

    /// <summary>The engine's name, e.g. <c>LevelDB</c>.</summary>
    public string Name { get; }

    /// <summary>The library name the <c>[LibraryImport]</c> declarations use, which the resolver maps to the loaded file.</summary>
    public string ImportName { get; }

    /// <summary>The file names tried, in order.</summary>
    public IReadOnlyList<string> FileNames { get; }

    /// <summary>How to install the library.</summary>
    public string InstallHint { get; }

    /// <summary>The function whose presence identifies the library (and its oldest supported version).</summary>
    public string RequiredExport { get; }

    /// <summary>Whether the library loads here (loading it on the first call).</summary>
    public bool IsAvailable => _load.Value.Handle != IntPtr.Zero;

    /// <summary>The file name that loaded, or null when none did.</summary>
    public string? LoadedFrom => _load.Value.LoadedFrom;

    /// <summary>Why the library is not available ("LevelDB is not installed: ... install libleveldb-dev ..."), or null when it is: the reason tests and comparisons print when they skip the engine.</summary>
    public string? UnavailableReason => _load.Value.Problem;

    /// <summary>Throws <see cref="PeerLibraryNotFoundException"/> unless the library loads.</summary>
    /// <exception cref="PeerLibraryNotFoundException">None of <see cref="FileNames"/> loads, or the one that does lacks <see cref="RequiredExport"/>.</exception>
    public void ThrowIfUnavailable()
    {
        if (!IsAvailable)
        {
            throw new PeerLibraryNotFoundException(this, UnavailableReason!);
        }
    }

    /// <summary>The loaded library's handle for the resolver; zero when it does not load.</summary>
    internal IntPtr Handle => _load.Value.Handle;

    /// <summary>
    /// Registers the resolver that maps <see cref="LevelDb"/>'s and <see cref="RocksDb"/>'s import
    /// names to their loaded files, once per process; the native declaration classes call it from
    /// their static constructors, so it runs before their first call.
    /// </summary>
    internal static void RegisterResolver()
    {
        lock (ResolverLock)
        {
            if (_resolverRegistered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(PeerLibrary).Assembly, Resolve);
            _resolverRegistered = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        // Zero lets the runtime try its default probing, which fails with DllNotFoundException; the
        // stores check ThrowIfUnavailable before their first call, so that is not normally reached.
        foreach (var library in (ReadOnlySpan<PeerLibrary>)[LevelDb, RocksDb])
        {
            if (libraryName == library.ImportName)
            {
                return library.Handle;
            }
        }

        return IntPtr.Zero;
    }

    private (IntPtr Handle, string? LoadedFrom, string? Problem) Load()
    {
        foreach (var file in FileNames)
        {
            if (!NativeLibrary.TryLoad(file, out var handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, RequiredExport, out _))
            {
                return (handle, file, null);
            }

            NativeLibrary.Free(handle);
            return (IntPtr.Zero, null,
                $"{Name}: {file} loads but does not export {RequiredExport}: it is not {Name}'s C library, or too old a version; {InstallHint}");
        }

        return (IntPtr.Zero, null,
            $"{Name} is not installed: none of {string.Join(", ", FileNames)} could be loaded; {InstallHint}");
    }
}
