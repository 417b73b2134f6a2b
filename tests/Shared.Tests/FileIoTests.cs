using FromScratch.Shared.IO;

namespace FromScratch.Shared.Tests;

public sealed class FileIoTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait("Step", "04")]
    public void Write_then_read_at_offsets_round_trips()
    {
        using var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite);
        FileIo.Write(file, "hello"u8, 0);
        FileIo.Write(file, "world"u8, 100);
        FileIo.Length(file).Should().Be(105);

        var buffer = new byte[5];
        FileIo.ReadExactly(file, buffer, 100);
        buffer.Should().Equal("world"u8.ToArray());
        FileIo.ReadExactly(file, buffer, 0);
        buffer.Should().Equal("hello"u8.ToArray());
        FileIo.ReadExactly(file, buffer, 50);
        buffer.Should().Equal(0, 0, 0, 0, 0); // the hole reads as zeros
    }

    [Fact]
    [Trait("Step", "04")]
    public void ReadAtMost_returns_what_is_left_at_end_of_file()
    {
        using var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite);
        FileIo.Write(file, new byte[10], 0);
        FileIo.ReadAtMost(file, new byte[8], 6).Should().Be(4);
        FileIo.ReadAtMost(file, new byte[8], 10).Should().Be(0);
        FileIo.ReadAtMost(file, new byte[8], 1000).Should().Be(0);
    }

    [Fact]
    [Trait("Step", "04")]
    public void ReadExactly_past_the_end_names_offset_wanted_and_got()
    {
        using var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite);
        FileIo.Write(file, new byte[10], 0);
        FluentActions.Invoking(() => FileIo.ReadExactly(file, new byte[8], 6))
            .Should().Throw<EndOfStreamException>()
            .Which.Message.Should().Contain("offset 6").And.Contain("8").And.Contain("got 4");
    }

    [Fact]
    [Trait("Step", "04")]
    public void ReadAtMost_loops_over_short_reads_until_the_buffer_is_full()
    {
        // Regular files on local disks return short reads only at end of file, so this test uses a
        // Linux procfs file: its reads return at most about one page each, far from the end.
        const string ProcFile = "/proc/self/smaps";
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists(ProcFile), "Needs Linux procfs, whose files return short reads before their end.");
        using var file = File.OpenHandle(ProcFile, FileMode.Open, FileAccess.Read);
        var buffer = new byte[256 * 1024];
        var single = RandomAccess.Read(file, buffer, 0);
        var more = RandomAccess.Read(file, new byte[1], single);
        Assert.SkipUnless(single > 0 && single < buffer.Length && more == 1, $"One read of {ProcFile} returned {single} bytes and was not short on this kernel.");

        var total = FileIo.ReadAtMost(file, buffer, 0);

        total.Should().BeGreaterThan(single, "ReadAtMost keeps reading after a short read until the buffer is full or the file ends");
        FileIo.ReadAtMost(file, new byte[16], 0).Should().Be(16);
    }

    [Fact]
    [Trait("Step", "04")]
    public void Negative_offsets_are_rejected()
    {
        using var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite);
        FluentActions.Invoking(() => FileIo.Write(file, "x"u8, -1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => FileIo.ReadAtMost(file, new byte[1], -1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
