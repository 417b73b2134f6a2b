using Microsoft.Win32.SafeHandles;

namespace FromScratch.Shared.IO;

/// <summary>
/// An exclusive lock on a file, LevelDB's <c>LOCK</c>: a database opens its directory only after
/// acquiring <c>dir/LOCK</c>, so two processes never write the same files.
/// <para>
/// The lock is the open handle itself, opened with <see cref="FileShare.None"/>. On Linux and macOS
/// .NET implements that with <c>flock(LOCK_EX | LOCK_NB)</c> on the new open file description, so
/// it conflicts both with other processes that flock the file and with a second open in this
/// process; on Windows the share mode denies every other open. The lock is released when the
/// handle closes: on <see cref="Dispose"/>, or by the OS when the process dies, so a crash never
/// leaves a stale lock behind (unlike a lock that is "the file exists").
/// </para>
/// <para>
/// Limits: flock is advisory (a process that does not call flock can still write the files), is
/// not reliable on some network file systems (.NET then proceeds without the lock), and .NET skips
/// it entirely when <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c>. The file's contents are unused.
/// </para>
/// Dispose is idempotent; the type is not meant to be shared between threads.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileLock(string path, SafeFileHandle handle)
    {
        FilePath = path;
        _handle = handle;
    }

    /// <summary>The full path of the lock file.</summary>
    public string FilePath { get; }

    /// <summary>Creates (if needed) and locks <paramref name="path"/>.</summary>
    /// <exception cref="FileLockedException">The file is locked by another process or another <see cref="FileLock"/>.</exception>
    /// <exception cref="IOException">The file could not be created or opened for another reason.</exception>
    public static FileLock Acquire(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        try
        {
            var handle = File.OpenHandle(fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new FileLock(fullPath, handle);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            throw new FileLockedException(fullPath, e);
        }
    }

    /// <summary>Releases the lock (closes the handle). The file itself is left in place.</summary>
    public void Dispose() => _handle.Dispose();

    // How .NET reports "somebody else holds it": on Unix the errno of the failed flock
    // (EWOULDBLOCK: 11 on Linux, 35 on macOS); on Windows ERROR_SHARING_VIOLATION (32) or
    // ERROR_LOCK_VIOLATION (33) as an HRESULT.
    internal static bool IsLockConflict(IOException e) =>
        e.GetType() == typeof(IOException) && (OperatingSystem.IsWindows()
            ? e.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021)
            : e.HResult is 11 or 35);
}
