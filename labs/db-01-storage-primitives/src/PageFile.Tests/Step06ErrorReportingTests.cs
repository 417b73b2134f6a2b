using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FromScratch.Shared.Checksums;
using FromScratch.Shared.FileSystems;

namespace FromScratch.PageFile.Tests;

/// <summary>
/// What each error says: the argument it names, the page and offset a corruption names, the reason
/// that tells the cases apart (a torn append, a file too short for a header, a bad page size, bad
/// magic, an unknown version, a zeroed page against a bad checksum), and the kind the
/// <c>fromscratch.pagefile.corruptions</c> counter records for it. Written where mutation testing
/// (./lab mutate db-01) showed that the existing tests accepted any exception of the right type.
/// </summary>
public sealed class Step06ErrorReportingTests : IDisposable
{
    private const int PageSize = 4096;
    private readonly PageFileFixture _fx = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string? Kind, int Thread)> _corruptions = new();

    public Step06ErrorReportingTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PageFileMetrics.MeterName && instrument.Name == PageFileMetrics.CorruptionsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? kind = null;
            foreach (var tag in tags)
            {
                if (tag.Key == PageFileMetrics.KindTag)
                {
                    kind = tag.Value as string;
                }
            }

            _corruptions.Enqueue((kind, Environment.CurrentManagedThreadId));
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _fx.Dispose();
    }

    [Fact]
    [Trait("Step", "06")]
    public void Every_operation_after_Dispose_throws_ObjectDisposedException_naming_the_page_file()
    {
        var fs = new SimulatedFileSystem();
        var file = PageFile.Create(fs, "/pages.db", 1024);
        file.Allocate();
        file.Dispose();
        var buffer = new byte[file.PayloadSize];

        foreach (var (name, action) in new (string, Action)[]
                 {
                     ("Allocate", () => file.Allocate()),
                     ("Write", () => file.Write(1, buffer)),
                     ("Read", () => file.Read(1, buffer)),
                     ("Sync", file.Sync),
                 })
        {
            action.Should().Throw<ObjectDisposedException>(name).Which.ObjectName.Should().Be(typeof(PageFile).FullName, $"{name} checks the page file, not the closed handle underneath");
        }
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_null_file_system_is_an_ArgumentNullException()
    {
        FluentActions.Invoking(() => PageFile.Create(null!, _fx.FilePath, PageSize))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("fileSystem");
        FluentActions.Invoking(() => PageFile.Open(null!, _fx.FilePath))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("fileSystem");
    }

    [Fact]
    [Trait("Step", "06")]
    public void Open_with_an_invalid_page_size_is_refused_before_the_file_is_read()
    {
        _fx.CreateFilled(PageSize, dataPages: 1);

        FluentActions.Invoking(() => PageFile.Open(_fx.FilePath, 3000))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("pageSize");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_payload_or_buffer_of_the_wrong_size_names_the_argument_and_both_sizes()
    {
        using var file = PageFile.Create(_fx.FilePath, PageSize);
        file.Allocate();

        var write = FluentActions.Invoking(() => file.Write(1, new byte[PageSize])).Should().Throw<ArgumentException>().Which;
        write.ParamName.Should().Be("payload");
        write.Message.Should().Contain("4096").And.Contain("4088");

        var read = FluentActions.Invoking(() => file.Read(1, new byte[100])).Should().Throw<ArgumentException>().Which;
        read.ParamName.Should().Be("payload");
        read.Message.Should().Contain("100").And.Contain("4088");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_page_beyond_the_end_names_the_pages_the_file_has()
    {
        using var file = PageFile.Create(_fx.FilePath, PageSize);
        file.Allocate();
        file.Allocate();

        FluentActions.Invoking(() => file.Write(3, [])).Should().Throw<ArgumentOutOfRangeException>()
            .Which.Message.Should().Contain("pages 1..2");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_torn_append_names_the_partial_page_its_offset_and_the_bytes_it_holds()
    {
        _fx.CreateFilled(1024, dataPages: 2);
        _fx.Truncate((3 * 1024) - 100);

        var error = OpenFails();

        error.PageNumber.Should().Be(2u);
        error.Offset.Should().Be(2 * 1024);
        error.Reason.Should().Contain("924 bytes into");
        CorruptionKinds().Should().Equal("truncated");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_file_too_short_for_a_header_says_how_long_it_is()
    {
        File.WriteAllBytes(_fx.FilePath, new byte[100]);

        var error = OpenFails();

        error.PageNumber.Should().Be(0u);
        error.Reason.Should().Contain("100 bytes");
        CorruptionKinds().Should().Equal("truncated");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_file_cut_inside_its_header_page_is_a_torn_page_0()
    {
        _fx.CreateFilled(PageSize, dataPages: 1);
        _fx.Truncate(1000);

        var error = OpenFails();

        error.PageNumber.Should().Be(0u);
        error.Reason.Should().Contain("ends 1000 bytes into this 4096-byte page");
        CorruptionKinds().Should().Equal("truncated");
    }

    [Theory]
    [Trait("Step", "06")]
    [InlineData(3000u)]    // not a power of two
    [InlineData(256u)]     // a power of two below 512
    [InlineData(131072u)]  // a power of two above 65536
    public void A_header_with_an_impossible_page_size_names_it_and_counts_as_a_checksum_failure(uint claimed)
    {
        _fx.CreateFilled(PageSize, dataPages: 1);
        _fx.WriteRaw(20, BitConverter.GetBytes(claimed));

        var error = OpenFails();

        error.PageNumber.Should().Be(0u);
        error.Offset.Should().Be(20);
        error.Reason.Should().Contain($"page size {claimed}");
        CorruptionKinds().Should().Equal("checksum");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_file_without_the_magic_is_not_a_page_file()
    {
        var bytes = new byte[PageSize];
        new Random(7).NextBytes(bytes);
        bytes.AsSpan(20, 4).Fill(0xFF); // an impossible page size, so the magic decides the message
        File.WriteAllBytes(_fx.FilePath, bytes);

        OpenFails().Reason.Should().Contain("bad magic");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_header_with_a_valid_checksum_and_a_wrong_magic_or_version_is_refused()
    {
        _fx.CreateFilled(PageSize, dataPages: 1);
        RewriteHeader(page => "NOTPAGES"u8.CopyTo(page.AsSpan(8)));
        OpenFails().Reason.Should().Contain("bad magic");

        RewriteHeader(page =>
        {
            "FSPGFILE"u8.CopyTo(page.AsSpan(8));
            BitConverter.GetBytes(2u).CopyTo(page, 16);
        });
        var error = OpenFails();
        error.Offset.Should().Be(16);
        error.Reason.Should().Contain("version 2");
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_zeroed_checksum_over_live_data_is_a_checksum_failure_not_an_all_zero_page()
    {
        _fx.CreateFilled(PageSize, dataPages: 3);
        _fx.WriteRaw(2L * PageSize, new byte[4]);
        _fx.WriteRaw(3L * PageSize, new byte[PageSize]);
        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];

        FluentActions.Invoking(() => file.Read(2, buffer)).Should().Throw<PageCorruptionException>().Which.Reason.Should().Contain("checksum mismatch");
        FluentActions.Invoking(() => file.Read(3, buffer)).Should().Throw<PageCorruptionException>().Which.Reason.Should().Contain("all zeros");

        CorruptionKinds().Should().Equal("checksum", "zeroed");
    }

    private PageCorruptionException OpenFails() =>
        FluentActions.Invoking(() => PageFile.Open(_fx.FilePath)).Should().Throw<PageCorruptionException>().Which;

    // The kinds this test's thread recorded: other tests run in parallel on the process-wide meter.
    private List<string?> CorruptionKinds()
    {
        var thread = Environment.CurrentManagedThreadId;
        return _corruptions.Where(c => c.Thread == thread).Select(c => c.Kind).ToList();
    }

    // Rewrites page 0 with `change` applied and a valid checksum over it, as a bug that writes a
    // well-formed but wrong header would.
    private void RewriteHeader(Action<byte[]> change)
    {
        var page = _fx.ReadRaw(0, PageSize);
        change(page);
        BitConverter.GetBytes(Crc32C.Mask(Crc32C.Compute(page.AsSpan(4)))).CopyTo(page, 0);
        _fx.WriteRaw(0, page);
    }
}
