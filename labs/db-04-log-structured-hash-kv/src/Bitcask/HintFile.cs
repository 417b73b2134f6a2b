using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.Bitcask;

// The hint file format.
//
// A hint file (000007.hint) sits next to a data file that merge wrote (000007.data) and lists,
// for every record of it, the key and where the record is: recovery builds the key directory
// from the hint without reading a single value. Merge outputs hold only live puts, so a hint
// holds no tombstones.
//
// Grammar
// -------
//   hint-file := entry* trailer
//   entry     := sequence:fixed64 offset:fixed64 size:fixed32 key_size:fixed16 key
//   trailer   := entry_count:fixed32 checksum:fixed32
//
//   offset  size  field (of an entry)
//   0       8     sequence    the record's sequence number
//   8       8     offset      where the record starts in the data file
//   16      4     size        the record's size, header included
//   20      2     key_size    1 .. 65,535
//   22      key_size          the key                         EntryHeaderSize = 8 + 8 + 4 + 2 = 22
//
//   The trailer's checksum is Mask(CRC32C(every byte before it)), entry_count included, so a
//   hint is either wholly valid or rejected; a rejected hint costs only speed (recovery scans the
//   data file instead). Little-endian throughout.
//
//   Bitcask's hint entries (bitcask_fileops.erl, HINT_RECORD_SZ = 18) are tstamp:32 key_sz:16
//   total_sz:32 offset:64 key, and its last entry carries a CRC of the hint file in a record
//   with key size 0; the role is the same.

/// <summary>
/// Writes and reads hint files (format above). Stateless; every method is thread-safe.
/// </summary>
public static class HintFile
{
    /// <summary>The fixed part of an entry: sequence (8) + offset (8) + size (4) + key size (2).</summary>
    public const int EntryHeaderSize = 8 + 8 + 4 + 2;

    /// <summary>The trailer: entry count (4) + checksum (4).</summary>
    public const int TrailerSize = 4 + 4;

    /// <summary>The hint file's contents for <paramref name="entries"/>.</summary>
    public static byte[] Encode(IReadOnlyList<HintEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var length = TrailerSize + entries.Sum(e => EntryHeaderSize + e.Key.Length);
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        var at = 0;
        foreach (var entry in entries)
        {
            if (entry.Key.Length is 0 or > DataFileWriter.MaxKeyLength)
            {
                throw new ArgumentException($"A hint entry's key must be 1 to {DataFileWriter.MaxKeyLength} bytes long; got {entry.Key.Length}.", nameof(entries));
            }
            Fixed.Write64(span[at..], entry.Sequence);
            Fixed.Write64(span[(at + 8)..], (ulong)entry.Offset);
            Fixed.Write32(span[(at + 16)..], (uint)entry.Size);
            Fixed.Write16(span[(at + 20)..], (ushort)entry.Key.Length);
            entry.Key.CopyTo(span[(at + EntryHeaderSize)..]);
            at += EntryHeaderSize + entry.Key.Length;
        }
        Fixed.Write32(span[at..], (uint)entries.Count);
        Fixed.Write32(span[(at + 4)..], Crc32C.Mask(Crc32C.Compute(span[..(at + 4)])));
        return bytes;
    }

    /// <summary>Writes the hint file <paramref name="path"/> (created or truncated) and syncs it. Does not sync its directory.</summary>
    public static void Write(IFileSystem fileSystem, string path, IReadOnlyList<HintEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        var bytes = Encode(entries);
        using var file = fileSystem.OpenFile(path, FileOpenMode.CreateOrTruncate);
        file.Write(bytes, 0);
        file.Sync(FileSyncKind.Data);
    }

    /// <summary>Reads and checks the hint file <paramref name="path"/>.</summary>
    /// <exception cref="CorruptionException">The file is cut short, its checksum does not match, or an entry is malformed.</exception>
    public static IReadOnlyList<HintEntry> Read(IFileSystem fileSystem, string path)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        return Decode(path, fileSystem.ReadAllBytes(path));
    }

    /// <summary>Parses and checks hint-file contents; <paramref name="path"/> only names the file in errors.</summary>
    /// <exception cref="CorruptionException">See <see cref="Read"/>.</exception>
    public static IReadOnlyList<HintEntry> Decode(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < TrailerSize)
        {
            throw new CorruptionException(path, 0, $"hint file of {bytes.Length} bytes is shorter than its trailer ({TrailerSize} bytes)");
        }

        var trailer = bytes.Length - TrailerSize;
        var stored = Fixed.Read32(bytes[(trailer + 4)..]);
        var computed = Crc32C.Mask(Crc32C.Compute(bytes[..(trailer + 4)]));
        if (stored != computed)
        {
            throw new CorruptionException(path, trailer + 4, $"hint checksum mismatch: stored 0x{stored:x8}, computed 0x{computed:x8}");
        }

        var count = Fixed.Read32(bytes[trailer..]);
        var entries = new List<HintEntry>();
        var at = 0;
        while (at < trailer)
        {
            if (at + EntryHeaderSize > trailer)
            {
                throw new CorruptionException(path, at, "hint entry header runs into the trailer");
            }
            var entry = bytes[at..];
            var keySize = Fixed.Read16(entry[20..]);
            if (keySize == 0 || at + EntryHeaderSize + keySize > trailer)
            {
                throw new CorruptionException(path, at, $"hint entry with key size {keySize} does not fit before the trailer");
            }
            var offset = (long)Fixed.Read64(entry[8..]);
            var size = Fixed.Read32(entry[16..]);
            if (offset < 0 || size < DataFileWriter.HeaderSize + keySize || size > int.MaxValue)
            {
                throw new CorruptionException(path, at, $"hint entry with impossible offset {offset} or size {size}");
            }
            entries.Add(new HintEntry(entry.Slice(EntryHeaderSize, keySize).ToArray(), Fixed.Read64(entry), offset, (int)size));
            at += EntryHeaderSize + keySize;
        }
        if (entries.Count != count)
        {
            throw new CorruptionException(path, trailer, $"hint trailer counts {count} entries, the file holds {entries.Count}");
        }
        return entries;
    }
}
