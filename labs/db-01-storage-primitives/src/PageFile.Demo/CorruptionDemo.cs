namespace FromScratch.PageFile.Demo;

/// <summary>
/// Damages a page file the three ways real disks and kernels do, and shows that each read is
/// refused with the page number and the reason instead of returning bad data.
/// </summary>
internal sealed class CorruptionDemo(string directory)
{
    private const int PageSize = 4096;

    public void Run()
    {
        Console.WriteLine($"Page corruption demonstration: a page file of 10 pages of {PageSize} bytes, damaged three ways.");
        Console.WriteLine();
        var path = Path.Combine(directory, "pages.db");
        File.Delete(path);
        using (var file = PageFile.Create(path, PageSize))
        {
            for (var i = 0; i < 10; i++)
            {
                var n = file.Allocate();
                var payload = new byte[file.PayloadSize];
                Array.Fill(payload, (byte)('A' + (int)n));
                file.Write(n, payload);
            }

            file.Sync();
        }

        // 1. Torn write: the new version of page 3 reached the disk only halfway.
        var half = new byte[PageSize / 2];
        Array.Fill(half, (byte)'z');
        Patch(path, 3L * PageSize, half);
        Show(path, 3, "torn write: the first half of page 3 was overwritten, the second half is old");

        // 2. A flipped bit in page 5's payload.
        var b = Read(path, (5L * PageSize) + 1000, 1);
        b[0] ^= 0x04;
        Patch(path, (5L * PageSize) + 1000, b);
        Show(path, 5, "bit flip: one bit of byte 1000 of page 5 changed");

        // 3. Misdirected write: page 7's bytes landed at page 9's offset.
        Patch(path, 9L * PageSize, Read(path, 7L * PageSize, PageSize));
        Show(path, 9, "misdirected write: a copy of page 7 sits where page 9 belongs");

        Show(path, 8, "an undamaged page");
        File.Delete(path);
    }

    private static void Show(string path, uint page, string what)
    {
        Console.WriteLine($"read page {page} ({what}):");
        using var file = PageFile.Open(path);
        var payload = new byte[file.PayloadSize];
        try
        {
            file.Read(page, payload);
            Console.WriteLine($"  ok: {file.PayloadSize} bytes of '{(char)payload[0]}'");
        }
        catch (PageCorruptionException e)
        {
            Console.WriteLine($"  {e.GetType().Name}: {e.Reason}");
            Console.WriteLine($"  (page {e.PageNumber}, file offset {e.Offset})");
        }

        Console.WriteLine();
    }

    private static byte[] Read(string path, long offset, int count)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        stream.Position = offset;
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static void Patch(string path, long offset, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }
}
