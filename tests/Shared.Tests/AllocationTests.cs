using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;

namespace FromScratch.Shared.Tests;

public class AllocationTests
{
    // Encoding and checksumming sit on every hot path of every later lab: they must not allocate.
    // Measured on this thread only, after a warm-up call so that JIT and static constructors
    // (the CRC table) are not counted.
    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    [Trait("Step", "02")]
    public void Varint_ZigZag_and_LengthPrefixed_do_not_allocate()
    {
        var buffer = new byte[64];
        AllocatedBy(() =>
        {
            var n = Varint.Write64(buffer, ZigZag.Encode64(-123456789));
            Varint.Decode64(buffer.AsSpan(0, n), out var v, out _);
            ZigZag.Decode64(v);
            Varint.TryRead32(buffer, out _, out _);
            Varint.Read64(buffer, out _);
            var m = LengthPrefixed.Write(buffer, buffer.AsSpan(40, 10));
            LengthPrefixed.TryRead(buffer.AsSpan(0, m), out _, out _);
            Fixed.Write64(buffer.AsSpan(50), Fixed.Read64(buffer));
        }).Should().Be(0);
    }

    [Fact]
    [Trait("Step", "03")]
    public void Checksums_do_not_allocate()
    {
        var data = new byte[4096];
        AllocatedBy(() =>
        {
            Crc32C.Compute(data);
            Crc32C.ExtendSoftware(0, data);
            Crc32C.Mask(Crc32C.Unmask(1));
            Crc32.Compute(data);
        }).Should().Be(0);
    }
}
