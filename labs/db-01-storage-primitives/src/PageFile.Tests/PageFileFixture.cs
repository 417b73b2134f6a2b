namespace FromScratch.PageFile.Tests;

/// <summary>A unique temp directory for one test, and raw byte surgery on files in it.</summary>
public sealed class PageFileFixture : IDisposable
{
    public PageFileFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "fromscratch-pagefile-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, "pages.db");
    }

    public string Directory { get; }

    public string FilePath { get; }

    /// <summary>Creates a file with <paramref name="dataPages"/> pages, page n's payload filled with byte n.</summary>
    public void CreateFilled(int pageSize, int dataPages)
    {
        using var file = PageFile.Create(FilePath, pageSize);
        for (var i = 1; i <= dataPages; i++)
        {
            var n = file.Allocate();
            file.Write(n, Payload(file.PayloadSize, n));
        }

        file.Sync();
    }

    public static byte[] Payload(int size, uint pageNumber)
    {
        var payload = new byte[size];
        Array.Fill(payload, (byte)pageNumber);
        payload[0] = 0xA5; // not a single repeated byte, so a shifted copy would differ
        return payload;
    }

    public byte[] ReadRaw(long offset, int count)
    {
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read);
        stream.Position = offset;
        var buffer = new byte[count];
        stream.ReadExactly(buffer);
        return buffer;
    }

    public void WriteRaw(long offset, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(bytes);
    }

    public void FlipByte(long offset)
    {
        var b = ReadRaw(offset, 1);
        b[0] ^= 0x01;
        WriteRaw(offset, b);
    }

    public void Truncate(long length)
    {
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
