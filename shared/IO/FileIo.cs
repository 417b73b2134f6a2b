using Microsoft.Win32.SafeHandles;

namespace FromScratch.Shared.IO;

/// <summary>
/// Positional file I/O (<c>pread</c>/<c>pwrite</c> through <see cref="RandomAccess"/>): every call
/// names its offset, so there is no shared file position and concurrent reads of one handle are safe.
/// <para>
/// A read may return fewer bytes than asked for even before the end of the file (a signal, a
/// pipe, a network file system); <see cref="ReadAtMost"/> loops until the buffer is full or the file
/// ends, and <see cref="ReadExactly"/> turns an early end into an <see cref="EndOfStreamException"/>
/// that names the offset, the bytes wanted and the bytes found. Writes are counted in
/// <see cref="StorageMetrics"/>. Thread-safe to the extent the OS makes concurrent pread/pwrite safe
/// (reads: yes; overlapping writes: last writer wins, possibly interleaved).
/// </para>
/// </summary>
public static class FileIo
{
    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/> until it is full or the file ends.</summary>
    /// <returns>The number of bytes read; less than <c>buffer.Length</c> only at end of file.</returns>
    public static int ReadAtMost(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(file, buffer[total..], offset + total);
            if (n == 0)
            {
                break; // end of file
            }

            total += n;
        }

        return total;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
    /// <exception cref="EndOfStreamException">The file ends first; the message names offset, wanted and got.</exception>
    public static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var got = ReadAtMost(file, buffer, offset);
        if (got != buffer.Length)
        {
            throw new EndOfStreamException(
                $"Unexpected end of file: wanted {buffer.Length} bytes at offset {offset}, got {got} (file ends at {offset + got}).");
        }
    }

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>, extending the file if needed.</summary>
    public static void Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        RandomAccess.Write(file, data, offset); // loops over partial writes itself
        StorageMetrics.RecordBytesWritten(data.Length);
    }

    /// <summary>The file's current length in bytes.</summary>
    public static long Length(SafeFileHandle file) => RandomAccess.GetLength(file);
}
