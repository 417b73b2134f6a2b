using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FromScratch.Shared.IO;

/// <summary>
/// The few OS calls .NET does not expose: fsync/fdatasync on a handle, F_FULLFSYNC on macOS,
/// FlushFileBuffers on Windows, and opening a directory to fsync it. Plain <c>DllImport</c> of
/// blittable signatures (the project does not allow unsafe code, which LibraryImport needs).
/// </summary>
internal static class NativeMethods
{
    // open(2) flag; the same value on Linux and macOS. A directory can be opened read-only with
    // plain O_RDONLY; O_DIRECTORY's value differs between architectures, so it is not used and
    // the caller checks that the path is a directory first.
    internal const int ORdOnly = 0;

    // fcntl(2) command on macOS: flush the drive's write cache, not just the OS buffers.
    internal const int FFullFsync = 51;

    internal static class Linux
    {
        private const string Libc = "libc.so.6";

        // open(2) flag: close the descriptor in a child process started while it is open, as
        // .NET opens every file (0x80000 on x86-64 and arm64 Linux).
        internal const int OCloExec = 0x80000;

        [DllImport(Libc, EntryPoint = "fsync", SetLastError = true)]
        internal static extern int Fsync(int fd);

        [DllImport(Libc, EntryPoint = "fdatasync", SetLastError = true)]
        internal static extern int Fdatasync(int fd);

        [DllImport(Libc, EntryPoint = "open", SetLastError = true)]
        internal static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);
    }

    internal static class MacOS
    {
        private const string Libc = "libSystem.dylib";

        // open(2) flag on macOS (sys/fcntl.h).
        internal const int OCloExec = 0x1000000;

        // errno values on macOS (sys/errno.h).
        internal const int EInval = 22;
        internal const int ENotSup = 45;

        [DllImport(Libc, EntryPoint = "fsync", SetLastError = true)]
        internal static extern int Fsync(int fd);

        // fcntl is variadic; F_FULLFSYNC takes no third argument, so declaring two fixed
        // parameters is safe even on Apple arm64, where variadic arguments go on the stack.
        [DllImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
        internal static extern int Fcntl(int fd, int cmd);

        [DllImport(Libc, EntryPoint = "open", SetLastError = true)]
        internal static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
        internal static extern int Close(int fd);
    }

    internal static class Windows
    {
        [DllImport("kernel32.dll", EntryPoint = "FlushFileBuffers", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool FlushFileBuffers(SafeFileHandle handle);
    }
}
