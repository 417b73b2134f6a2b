using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FromScratch.Shared.IO;

/// <summary>
/// Making writes survive a power cut. A <c>write</c> only reaches the OS page cache; it is on
/// stable storage after one of these calls returns successfully:
/// <list type="table">
/// <item><term><see cref="Fsync"/></term><description>data and all metadata of one file
/// (Linux <c>fsync</c>; macOS <c>fcntl(F_FULLFSYNC)</c>, because macOS <c>fsync</c> does not flush the
/// drive's cache; Windows <c>FlushFileBuffers</c>).</description></item>
/// <item><term><see cref="Fdatasync"/></term><description>data, and only the metadata needed to
/// read it back (the file size, not the mtime): when a write changes no size (overwriting a
/// preallocated file), Linux can skip the journal commit that fsync would make. Elsewhere the
/// same as <see cref="Fsync"/>.</description></item>
/// <item><term><see cref="FsyncDirectory"/></term><description>the directory entries: a newly
/// created, renamed or deleted file is durable only once its directory is synced (Linux, macOS).
/// </description></item>
/// </list>
/// A failed sync throws <see cref="IOException"/> with the errno text. Do not retry a failed fsync
/// and carry on: on Linux the kernel may already have dropped the dirty pages and cleared the
/// error ("fsyncgate", PostgreSQL 2018), so the only safe reaction is to treat the file as lost
/// and recover from the log. Every call is counted and timed in <see cref="StorageMetrics"/>.
/// Thread-safe: each call is one system call on a handle the caller keeps alive.
/// </summary>
public static class Durability
{
    /// <summary>Flushes the data and metadata of <paramref name="file"/> to stable storage.</summary>
    /// <exception cref="IOException">The OS reported an error.</exception>
    public static void Fsync(SafeFileHandle file)
    {
        var start = StorageMetrics.Start();
        Sync(file, dataOnly: false);
        StorageMetrics.RecordSyncSince("fsync", start);
    }

    /// <summary>Flushes the data of <paramref name="file"/> and the metadata needed to read it (Linux <c>fdatasync</c>; <see cref="Fsync"/> elsewhere).</summary>
    /// <exception cref="IOException">The OS reported an error.</exception>
    public static void Fdatasync(SafeFileHandle file)
    {
        var start = StorageMetrics.Start();
        Sync(file, dataOnly: true);
        StorageMetrics.RecordSyncSince("fdatasync", start);
    }

    /// <summary>
    /// Makes the directory's entries durable: call it after creating, renaming or deleting a file in
    /// <paramref name="directoryPath"/>. On Linux and macOS this opens the directory read-only and
    /// fsyncs it. On Windows it does nothing: .NET cannot open a directory handle to flush, and NTFS
    /// journals metadata changes itself (a rename is durable once <c>MoveFileEx</c> with
    /// write-through, or a later flush of the volume, completes); the call is still counted.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="IOException">The OS reported an error.</exception>
    public static void FsyncDirectory(string directoryPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryPath);
        if (!Directory.Exists(directoryPath))
        {
            throw new DirectoryNotFoundException($"Cannot fsync directory '{directoryPath}': it does not exist.");
        }

        var start = StorageMetrics.Start();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            var linux = OperatingSystem.IsLinux();
            var fd = linux
                ? NativeMethods.Linux.Open(directoryPath, NativeMethods.ORdOnly | NativeMethods.Linux.OCloExec)
                : NativeMethods.MacOS.Open(directoryPath, NativeMethods.ORdOnly | NativeMethods.MacOS.OCloExec);
            if (fd < 0)
            {
                throw Error("open", directoryPath);
            }

            try
            {
                // On macOS fsync of a directory is what APFS supports; F_FULLFSYNC is for files.
                var rc = linux ? NativeMethods.Linux.Fsync(fd) : NativeMethods.MacOS.Fsync(fd);
                if (rc != 0)
                {
                    throw Error("fsync", directoryPath);
                }
            }
            finally
            {
                _ = linux ? NativeMethods.Linux.Close(fd) : NativeMethods.MacOS.Close(fd);
            }
        }

        StorageMetrics.RecordSyncSince("directory", start);
    }

    private static void Sync(SafeFileHandle file, bool dataOnly)
    {
        ArgumentNullException.ThrowIfNull(file);
        ObjectDisposedException.ThrowIf(file.IsClosed, file);
        if (OperatingSystem.IsWindows())
        {
            if (!NativeMethods.Windows.FlushFileBuffers(file))
            {
                throw Error("FlushFileBuffers", null);
            }

            return;
        }

        // Keep the descriptor from being closed (and reused) while the call runs.
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            var fd = (int)file.DangerousGetHandle();
            int rc;
            string call;
            if (OperatingSystem.IsLinux())
            {
                call = dataOnly ? "fdatasync" : "fsync";
                rc = dataOnly ? NativeMethods.Linux.Fdatasync(fd) : NativeMethods.Linux.Fsync(fd);
            }
            else if (OperatingSystem.IsMacOS())
            {
                call = "fcntl(F_FULLFSYNC)";
                rc = NativeMethods.MacOS.Fcntl(fd, NativeMethods.FFullFsync);
                if (rc != 0 && Marshal.GetLastPInvokeError() is NativeMethods.MacOS.ENotSup or NativeMethods.MacOS.EInval)
                {
                    // Some file systems (network mounts, FAT, some FUSE) do not implement
                    // F_FULLFSYNC. Fall back to fsync there, as SQLite does; any other error (EIO)
                    // is reported, never retried with a weaker call.
                    call = "fsync (F_FULLFSYNC unsupported)";
                    rc = NativeMethods.MacOS.Fsync(fd);
                }
            }
            else
            {
                throw new PlatformNotSupportedException("Durability supports Linux, macOS and Windows.");
            }

            if (rc != 0)
            {
                throw Error(call, null);
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static IOException Error(string call, string? path)
    {
        var errno = Marshal.GetLastPInvokeError();
        var where = path is null ? "" : $" on '{path}'";
        return new IOException($"{call}{where} failed: {Marshal.GetPInvokeErrorMessage(errno)} (error {errno}).", errno);
    }
}
