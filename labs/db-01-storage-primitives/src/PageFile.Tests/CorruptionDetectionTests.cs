using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.PageFile.Tests;

public sealed class CorruptionDetectionTests : IDisposable
{
    private const int PageSize = 4096;
    private readonly PageFileFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    [Trait("Step", "06")]
    public void A_torn_write_of_half_a_page_is_reported_after_reopen()
    {
        _fx.CreateFilled(PageSize, dataPages: 5);
        // The new version of page 3 reached the disk only up to the middle: first half new, second half old.
        var newVersion = new byte[PageSize];
        Array.Fill(newVersion, (byte)0x5A);
        _fx.WriteRaw(3L * PageSize, newVersion.AsSpan(0, PageSize / 2));

        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        var error = FluentActions.Invoking(() => file.Read(3, buffer)).Should().Throw<PageCorruptionException>().Which;
        error.PageNumber.Should().Be(3u);
        error.Offset.Should().Be(3L * PageSize);
        error.FilePath.Should().Be(Path.GetFullPath(_fx.FilePath));
        error.Reason.Should().Contain("checksum");
        buffer.Should().OnlyContain(b => b == 0, "nothing of a corrupt page is returned");

        file.Read(2, buffer); // its neighbours are intact
        file.Read(4, buffer);
    }

    [Theory]
    [Trait("Step", "06")]
    [InlineData(0)]        // the stored checksum
    [InlineData(3)]
    [InlineData(4)]        // the page number
    [InlineData(7)]
    [InlineData(8)]        // the first payload byte
    [InlineData(2048)]
    [InlineData(PageSize - 1)] // the last byte
    public void A_flipped_byte_anywhere_in_a_page_is_reported(int offsetInPage)
    {
        _fx.CreateFilled(PageSize, dataPages: 3);
        _fx.FlipByte((2L * PageSize) + offsetInPage);

        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        var error = FluentActions.Invoking(() => file.Read(2, buffer)).Should().Throw<PageCorruptionException>().Which;
        error.PageNumber.Should().Be(2u);
        error.Should().BeAssignableTo<CorruptionException>();
        error.Reason.Should().Contain("checksum");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_misdirected_write_is_reported_with_both_page_numbers()
    {
        _fx.CreateFilled(PageSize, dataPages: 10);
        var page7 = _fx.ReadRaw(7L * PageSize, PageSize);
        _fx.WriteRaw(9L * PageSize, page7); // page 7's bytes, valid checksum and all, at page 9's offset

        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        var error = FluentActions.Invoking(() => file.Read(9, buffer)).Should().Throw<PageCorruptionException>().Which;
        error.PageNumber.Should().Be(9u);
        error.Offset.Should().Be(9L * PageSize);
        error.Message.Should().Contain("page 9").And.Contain("page 7").And.Contain("misdirected");

        file.Read(7, buffer);
        buffer.Should().Equal(PageFileFixture.Payload(file.PayloadSize, 7));
    }

    [Theory]
    [Trait("Step", "06")]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(2048)]
    [InlineData(4096)]
    [InlineData(8192)]
    [InlineData(16384)]
    [InlineData(32768)]
    [InlineData(65536)]
    public void A_zeroed_page_is_reported_as_all_zeros(int pageSize)
    {
        _fx.CreateFilled(pageSize, dataPages: 3);
        _fx.WriteRaw(2L * pageSize, new byte[pageSize]);

        using var file = PageFile.Open(_fx.FilePath);
        FluentActions.Invoking(() => file.Read(2, new byte[file.PayloadSize]))
            .Should().Throw<PageCorruptionException>().Which.Reason.Should().Contain("all zeros");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_file_that_ends_inside_a_page_is_reported_on_open()
    {
        _fx.CreateFilled(PageSize, dataPages: 4);
        _fx.Truncate((4L * PageSize) + 100); // page 4 was being appended when the power went

        var error = FluentActions.Invoking(() => PageFile.Open(_fx.FilePath)).Should().Throw<PageCorruptionException>().Which;
        error.PageNumber.Should().Be(4u);
        error.Offset.Should().Be(4L * PageSize);
    }

    [Theory]
    [Trait("Step", "06")]
    [InlineData(0)]  // header checksum
    [InlineData(4)]  // header page number
    [InlineData(8)]  // magic
    [InlineData(16)] // format version
    [InlineData(21)] // page size field: 4096 becomes 4352, not a power of two
    [InlineData(100)] // reserved bytes are covered too
    public void A_corrupt_file_header_is_reported_on_open(int offset)
    {
        _fx.CreateFilled(PageSize, dataPages: 2);
        _fx.FlipByte(offset);
        FluentActions.Invoking(() => PageFile.Open(_fx.FilePath))
            .Should().Throw<PageCorruptionException>().Which.PageNumber.Should().Be(0u);
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_header_that_claims_another_valid_page_size_fails_its_checksum()
    {
        _fx.CreateFilled(PageSize, dataPages: 3);
        var field = _fx.ReadRaw(20, 4);
        BitConverter.ToUInt32(field).Should().Be(4096u, "the page size is at offset 20, little-endian");
        _fx.WriteRaw(20, BitConverter.GetBytes(8192u)); // header now claims 8 KiB pages

        FluentActions.Invoking(() => PageFile.Open(_fx.FilePath))
            .Should().Throw<PageCorruptionException>().Which.Reason.Should().Contain("checksum");
    }

    [Theory]
    [Trait("Step", "06")]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(600)]
    public void A_file_that_is_not_a_page_file_is_refused(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(_fx.FilePath, bytes);
        FluentActions.Invoking(() => PageFile.Open(_fx.FilePath)).Should().Throw<PageCorruptionException>();
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_file_cut_inside_a_page_while_open_is_reported_on_read()
    {
        // The page was read whole once; then the file is cut 100 bytes into it underneath the open
        // page file. A reader that ignores the short count verifies whatever its buffer still held.
        var fs = new InterposedFileSystem(new SimulatedFileSystem());
        fs.CreateDirectory("/db");
        using var file = PageFile.Create(fs, "/db/pages.db", 1024);
        for (var i = 0; i < 3; i++)
        {
            var n = file.Allocate();
            file.Write(n, PageFileFixture.Payload(file.PayloadSize, n));
        }

        var buffer = new byte[file.PayloadSize];
        file.Read(3, buffer);
        fs.LastOpened!.SetLength((3L * 1024) + 100);
        Array.Clear(buffer);

        var error = FluentActions.Invoking(() => file.Read(3, buffer)).Should().Throw<PageCorruptionException>().Which;
        error.PageNumber.Should().Be(3u);
        error.Offset.Should().Be(3L * 1024);
        error.Reason.Should().Contain("ends");
        buffer.Should().OnlyContain(b => b == 0, "nothing of a page cut short is returned");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_page_whose_first_sector_was_zeroed_is_a_checksum_mismatch_not_all_zeros()
    {
        // A tear that zero-filled the first 512-byte sector of page 2 (checksum field and page
        // number included) and left the rest of the page in place. A reader that calls a page "all
        // zeros" when its checksum field is 0 reports a tear as a never-written page.
        _fx.CreateFilled(PageSize, dataPages: 3);
        _fx.WriteRaw(2L * PageSize, new byte[512]);

        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        var error = FluentActions.Invoking(() => file.Read(2, buffer)).Should().Throw<PageCorruptionException>().Which;
        error.PageNumber.Should().Be(2u);
        error.Reason.Should().Contain("checksum mismatch").And.NotContain("all zeros");
    }
}
