using FromScratch.Peers.LevelDb;

namespace FromScratch.Peers.Tests;

/// <summary>Finding the native libraries, and the message when one is missing.</summary>
[Trait("Step", "00")]
public sealed class PeerLibraryTests
{
    private const string Hint = "install libleveldb-dev (Debian/Ubuntu: apt-get install -y libleveldb-dev)";

    [Fact]
    public void A_missing_library_is_unavailable_and_the_exception_names_the_files_and_the_package()
    {
        var library = new PeerLibrary("LevelDB", "leveldb-test", ["libfromscratch-no-such-leveldb.so.1", "libfromscratch-no-such-leveldb.so"], Hint, "leveldb_open");

        library.IsAvailable.Should().BeFalse();
        library.LoadedFrom.Should().BeNull();
        library.UnavailableReason.Should().Be(
            "LevelDB is not installed: none of libfromscratch-no-such-leveldb.so.1, libfromscratch-no-such-leveldb.so could be loaded; " + Hint);
        var thrown = library.Invoking(l => l.ThrowIfUnavailable()).Should().Throw<PeerLibraryNotFoundException>().Which;
        thrown.Message.Should().Be(library.UnavailableReason);
        thrown.Library.Should().BeSameAs(library);
        thrown.Should().BeAssignableTo<DllNotFoundException>();
    }

    [Fact]
    public void A_library_without_the_engine_s_functions_is_not_taken_for_the_engine()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "uses the C library's Linux file name");
        var library = new PeerLibrary("LevelDB", "leveldb-test", ["libc.so.6"], Hint, "leveldb_open");

        library.IsAvailable.Should().BeFalse();
        library.UnavailableReason.Should().Be("LevelDB: libc.so.6 loads but does not export leveldb_open: it is not LevelDB's C library, or too old a version; " + Hint);
    }

    [Fact]
    public void The_built_in_libraries_say_which_package_installs_them()
    {
        PeerLibrary.LevelDb.InstallHint.Should().Contain("apt-get install -y libleveldb-dev");
        PeerLibrary.RocksDb.InstallHint.Should().Contain("apt-get install -y librocksdb-dev");
        PeerLibrary.LevelDb.ImportName.Should().Be("leveldb");
        PeerLibrary.RocksDb.ImportName.Should().Be("rocksdb");
        if (OperatingSystem.IsLinux())
        {
            PeerLibrary.LevelDb.FileNames.Should().StartWith("libleveldb.so.1d", "Debian and Ubuntu ship LevelDB 1.23 under that soname");
            PeerLibrary.RocksDb.FileNames.Should().StartWith("librocksdb.so.7.8");
        }
    }

    [Fact]
    public void An_installed_library_reports_the_file_it_loaded_and_its_version()
    {
        Assert.SkipUnless(LevelDbStore.IsAvailable, LevelDbStore.Library.UnavailableReason ?? "");

        PeerLibrary.LevelDb.UnavailableReason.Should().BeNull();
        PeerLibrary.LevelDb.FileNames.Should().Contain(PeerLibrary.LevelDb.LoadedFrom);
        LevelDbStore.Version.Should().MatchRegex(@"^1\.\d+$");
    }

    [Fact]
    public void Invalid_descriptions_are_rejected()
    {
        var noFiles = () => new PeerLibrary("LevelDB", "leveldb", [], Hint, "leveldb_open");
        var noName = () => new PeerLibrary("", "leveldb", ["x"], Hint, "leveldb_open");

        noFiles.Should().Throw<ArgumentException>().WithParameterName("fileNames");
        noName.Should().Throw<ArgumentException>().WithParameterName("name");
    }
}
