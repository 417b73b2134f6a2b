using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.PageFile.Tests;

/// <summary>
/// The page file's durability and file-ownership rules, checked on db-03's crash simulator
/// (<see cref="SimulatedFileSystem"/>), where a crash keeps exactly what was synced:
/// <c>Create</c> syncs the new file and then its directory, <c>Sync</c> makes every write and
/// allocation before it durable, <c>Dispose</c> does not sync, the file is held exclusively, and a
/// failed <c>Create</c> or <c>Open</c> lets go of the file. On the real disk none of this can be seen
/// without pulling the power; mutation testing (./lab mutate db-01) found that no test saw it.
/// </summary>
public sealed class Step06DurabilityOnTheCrashSimulatorTests
{
    private const string Directory = "/db";
    private const string PagesPath = "/db/pages.db";
    private const int PageSize = 1024;

    [Fact]
    [Trait("Step", "06")]
    public void A_created_file_survives_a_crash_right_after_Create()
    {
        var fs = NewFileSystem();
        PageFile.Create(fs, PagesPath, PageSize).Dispose();

        var afterCrash = fs.CrashLosingAllUnsynced();

        afterCrash.FileExists(PagesPath).Should().BeTrue("Create synced the directory that holds the new name");
        using var reopened = PageFile.Open(afterCrash, PagesPath);
        reopened.PageSize.Should().Be(PageSize, "Create synced the header page");
        reopened.PageCount.Should().Be(1u);
    }

    [Fact]
    [Trait("Step", "06")]
    public void Sync_makes_every_write_and_allocation_before_it_durable_and_nothing_after_it()
    {
        var fs = NewFileSystem();
        using (var file = PageFile.Create(fs, PagesPath, PageSize))
        {
            for (var i = 0; i < 3; i++)
            {
                var n = file.Allocate();
                file.Write(n, PageFileFixture.Payload(file.PayloadSize, n));
            }

            file.Sync();

            // Unsynced: a fourth page, and a new version of page 2. Dispose does not sync them.
            file.Allocate();
            file.Write(2, PageFileFixture.Payload(file.PayloadSize, 0x77));
        }

        var afterCrash = fs.CrashLosingAllUnsynced();

        using var reopened = PageFile.Open(afterCrash, PagesPath);
        reopened.PageCount.Should().Be(4u, "the header and the three pages allocated before Sync; the fourth was never synced");
        var buffer = new byte[reopened.PayloadSize];
        for (uint n = 1; n <= 3; n++)
        {
            reopened.Read(n, buffer);
            buffer.Should().Equal(PageFileFixture.Payload(reopened.PayloadSize, n), $"page {n} holds what was synced");
        }
    }

    [Fact]
    [Trait("Step", "06")]
    public void Without_Sync_a_crash_keeps_only_the_header_page()
    {
        var fs = NewFileSystem();
        using (var file = PageFile.Create(fs, PagesPath, PageSize))
        {
            var n = file.Allocate();
            file.Write(n, PageFileFixture.Payload(file.PayloadSize, n));
        }

        using var reopened = PageFile.Open(fs.CrashLosingAllUnsynced(), PagesPath);

        reopened.PageCount.Should().Be(1u, "nothing after Create was synced, and Dispose does not sync");
    }

    [Fact]
    [Trait("Step", "06")]
    public void While_a_page_file_is_open_no_other_open_of_its_file_succeeds()
    {
        var fs = NewFileSystem();
        using (PageFile.Create(fs, PagesPath, PageSize))
        {
            FluentActions.Invoking(() => fs.OpenFile(PagesPath, FileOpenMode.OpenReadOnly))
                .Should().Throw<FileLockedException>("Create opens the file exclusively: not even a shared reader gets in");
        }

        using (PageFile.Open(fs, PagesPath))
        {
            FluentActions.Invoking(() => fs.OpenFile(PagesPath, FileOpenMode.OpenReadOnly))
                .Should().Throw<FileLockedException>("Open opens the file exclusively too");
        }

        fs.OpenFile(PagesPath, FileOpenMode.OpenExisting, exclusive: true).Dispose();
    }

    [Fact]
    [Trait("Step", "06")]
    public void A_Create_whose_sync_fails_lets_go_of_the_file()
    {
        var fs = NewFileSystem();
        fs.Faults.FailSync(PagesPath);

        FluentActions.Invoking(() => PageFile.Create(fs, PagesPath, PageSize)).Should().Throw<IOException>();

        fs.OpenFile(PagesPath, FileOpenMode.OpenExisting, exclusive: true).Dispose();
    }

    [Theory]
    [Trait("Step", "06")]
    [InlineData(true)]
    [InlineData(false)]
    public void An_Open_that_fails_lets_go_of_the_file(bool wrongPageSize)
    {
        var fs = NewFileSystem();
        PageFile.Create(fs, PagesPath, PageSize).Dispose();
        if (!wrongPageSize)
        {
            using var handle = fs.OpenFile(PagesPath, FileOpenMode.OpenExisting);
            handle.Write(new byte[] { 0xFF }, 100); // a corrupt header page
        }

        if (wrongPageSize)
        {
            FluentActions.Invoking(() => PageFile.Open(fs, PagesPath, 2 * PageSize)).Should().Throw<ArgumentException>();
        }
        else
        {
            FluentActions.Invoking(() => PageFile.Open(fs, PagesPath)).Should().Throw<PageCorruptionException>();
        }

        fs.OpenFile(PagesPath, FileOpenMode.OpenExisting, exclusive: true).Dispose();
    }

    // A file system whose /db directory is itself durable, so that a crash can only lose what the
    // page file left unsynced.
    private static SimulatedFileSystem NewFileSystem()
    {
        var fs = new SimulatedFileSystem();
        fs.CreateDirectory(Directory);
        fs.SyncDirectory("/");
        return fs;
    }
}
