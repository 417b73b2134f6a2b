using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.Bitcask;

// The MERGE file: the commit record of a merge.
//
//   manifest := input_count:fixed32 input_id:fixed32* output_count:fixed32 output_id:fixed32* checksum:fixed32
//   checksum := Mask(CRC32C(every byte before it))
//
// Written with AtomicFile.Write (temp file, fsync, rename, directory fsync) once every
// output and its hint are synced. Its presence means: "the outputs (NNNNNN.merge, renamed to
// NNNNNN.data) replace the inputs". Recovery that finds it finishes the switch-over; a merge that
// crashed before writing it left only .merge files and hints, which recovery deletes.

/// <summary>The commit record of a merge (format above). Immutable.</summary>
internal sealed record MergeManifest(IReadOnlyList<int> Inputs, IReadOnlyList<int> Outputs)
{
    public byte[] Encode()
    {
        var bytes = new byte[4 + (4 * Inputs.Count) + 4 + (4 * Outputs.Count) + 4];
        var span = bytes.AsSpan();
        var at = 0;
        foreach (var list in new[] { Inputs, Outputs })
        {
            Fixed.Write32(span[at..], (uint)list.Count);
            at += 4;
            foreach (var id in list)
            {
                Fixed.Write32(span[at..], (uint)id);
                at += 4;
            }
        }
        Fixed.Write32(span[at..], Crc32C.Mask(Crc32C.Compute(span[..at])));
        return bytes;
    }

    public static MergeManifest Read(IFileSystem fileSystem, string path)
    {
        var bytes = fileSystem.ReadAllBytes(path);
        if (bytes.Length < 12)
        {
            throw new CorruptionException(path, 0, $"merge manifest of {bytes.Length} bytes is too short");
        }
        var stored = Fixed.Read32(bytes.AsSpan(bytes.Length - 4));
        var computed = Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        if (stored != computed)
        {
            throw new CorruptionException(path, bytes.Length - 4, $"merge manifest checksum mismatch: stored 0x{stored:x8}, computed 0x{computed:x8}");
        }

        var at = 0;
        var lists = new List<int>[2];
        for (var l = 0; l < 2; l++)
        {
            var count = Fixed.Read32(bytes.AsSpan(at));
            at += 4;
            if (count > (bytes.Length - 4 - at) / 4)
            {
                throw new CorruptionException(path, at - 4, $"merge manifest lists {count} files, more than fit");
            }
            lists[l] = [];
            for (var i = 0; i < count; i++)
            {
                lists[l].Add((int)Fixed.Read32(bytes.AsSpan(at)));
                at += 4;
            }
        }
        if (at != bytes.Length - 4)
        {
            throw new CorruptionException(path, at, "merge manifest has trailing bytes");
        }
        return new MergeManifest(lists[0], lists[1]);
    }
}
