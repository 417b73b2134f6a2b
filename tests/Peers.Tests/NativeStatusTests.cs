using FromScratch.Shared.IO;

namespace FromScratch.Peers.Tests;

/// <summary>The error texts of LevelDB's and RocksDB's C APIs become typed exceptions (no native library needed).</summary>
[Trait("Step", "00")]
public sealed class NativeStatusTests
{
    private const string Directory = "/data/db";

    [Fact]
    public void Corruption_becomes_a_CorruptionException_naming_the_engine_and_the_store()
    {
        var e = NativeStatus.ToException("LevelDB", Directory, "Corruption: block checksum mismatch: /data/db/000005.ldb");

        var corruption = e.Should().BeOfType<PeerCorruptionException>().Which;
        corruption.Should().BeAssignableTo<CorruptionException>("code written against the contract catches CorruptionException");
        corruption.FilePath.Should().Be(Directory);
        corruption.Offset.Should().Be(-1, "the engine's text names no offset");
        corruption.Engine.Should().Be("LevelDB");
        corruption.Status.Should().Be("Corruption: block checksum mismatch: /data/db/000005.ldb");
        corruption.Message.Should().Be("LevelDB reported corruption in the store at '/data/db': Corruption: block checksum mismatch: /data/db/000005.ldb");
    }

    [Fact]
    public void IO_error_becomes_an_IOException_with_the_engine_s_text()
    {
        var e = NativeStatus.ToException("RocksDB", Directory, "IO error: No space left on device: While appending to file: /data/db/000012.log");

        e.Should().BeOfType<IOException>().Which.Message.Should().Be("RocksDB: IO error: No space left on device: While appending to file: /data/db/000012.log");
    }

    [Theory]
    [InlineData("LevelDB", "IO error: lock /data/db/LOCK: already held by process")]
    [InlineData("LevelDB", "IO error: lock /data/db/LOCK: Resource temporarily unavailable")]
    [InlineData("RocksDB", "IO error: lock hold by current process, acquire time 1700000000 acquiring thread 140: /data/db/LOCK: No locks available")]
    [InlineData("RocksDB", "IO error: While lock file: /data/db/LOCK: Resource temporarily unavailable")]
    public void A_held_LOCK_file_becomes_a_FileLockedException(string engine, string status)
    {
        var e = NativeStatus.ToException(engine, Directory, status);

        var locked = e.Should().BeOfType<FileLockedException>().Which;
        locked.FilePath.Should().Be(Path.Combine(Directory, "LOCK"));
        locked.InnerException.Should().BeOfType<IOException>().Which.Message.Should().Be($"{engine}: {status}");
    }

    [Fact]
    public void Other_IO_errors_about_the_LOCK_file_stay_IOExceptions()
    {
        NativeStatus.ToException("LevelDB", Directory, "IO error: /data/db/LOCK: Permission denied")
            .Should().BeOfType<IOException>("a LOCK file that cannot be created is not one that another store holds");
    }

    [Theory]
    [InlineData("Invalid argument: /data/db: does not exist (create_if_missing is false)", "Invalid argument")]
    [InlineData("Not implemented: Unsupported compression method for this build: LZ4", "Not implemented")]
    [InlineData("something without a kind", "Unknown")]
    public void Other_statuses_become_PeerExceptions_with_their_code(string status, string code)
    {
        var e = NativeStatus.ToException("LevelDB", Directory, status);

        var peer = e.Should().BeOfType<PeerException>().Which;
        peer.Code.Should().Be(code);
        peer.Status.Should().Be(status);
        peer.Engine.Should().Be("LevelDB");
        peer.Message.Should().Be($"LevelDB: {status}");
    }
}
