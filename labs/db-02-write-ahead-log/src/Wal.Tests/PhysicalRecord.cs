using System.Buffers.Binary;

namespace FromScratch.Wal.Tests;

/// <summary>
/// A test-side, independent walk over a well-formed log's physical records: where each header is,
/// its type and length. It asserts the structural rules (no fragment crosses a block, trailers are
/// zero) so that writer tests do not rely on the reader under test.
/// </summary>
public readonly record struct PhysicalRecord(long Offset, RecordType Type, int Length)
{
    public static List<PhysicalRecord> Walk(byte[] log)
    {
        var result = new List<PhysicalRecord>();
        var offset = 0;
        while (offset < log.Length)
        {
            var leftInBlock = 32768 - (offset % 32768);
            if (leftInBlock < 7)
            {
                log.AsSpan(offset, Math.Min(leftInBlock, log.Length - offset)).ToArray().Should().OnlyContain(b => b == 0, $"the trailer at {offset} is zero-filled");
                offset += leftInBlock;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16LittleEndian(log.AsSpan(offset + 4));
            var type = (RecordType)log[offset + 6];
            (7 + length).Should().BeLessThanOrEqualTo(leftInBlock, $"the fragment at {offset} stays inside its block");
            result.Add(new PhysicalRecord(offset, type, length));
            offset += 7 + length;
        }
        offset.Should().Be(log.Length, "the log ends exactly after its last fragment");
        return result;
    }
}
