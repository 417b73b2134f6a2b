using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.FileSystems.Tests;

/// <summary>
/// The <see cref="IFileSystem"/> contract without crashes, written once and run against every
/// implementation (derived classes supply the file system and a directory to work in). Both the real
/// disk and the simulator passing it is what lets a crash found in the simulator stand for a crash
/// on the disk.
/// </summary>
public abstract class FileSystemContractTests
{
    /// <summary>The file system under test.</summary>
    protected abstract IFileSystem FileSystem { get; }

    /// <summary>An existing, empty directory of <see cref="FileSystem"/>.</summary>
    protected abstract string Root { get; }

    private string PathOf(params string[] names) => Path.Combine([Root, .. names]);

    private IFileHandle Create(string name, ReadOnlySpan<byte> contents)
    {
        var file = FileSystem.OpenFile(PathOf(name), FileOpenMode.CreateNew);
        file.Write(contents, 0);
        return file;
    }

    private byte[] ReadAll(string name) => FileSystem.ReadAllBytes(PathOf(name));

    [Fact]
    [Trait("Step", "01")]
    public void Created_file_reads_back_through_a_new_handle()
    {
        Create("a", "hello"u8).Dispose();

        using var file = FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting);
        file.Length.Should().Be(5);
        ReadAll("a").Should().Equal("hello"u8.ToArray());
        file.Path.Should().Be(Path.GetFullPath(PathOf("a")));
    }

    [Fact]
    [Trait("Step", "01")]
    public void CreateNew_refuses_an_existing_file()
    {
        Create("a", "x"u8).Dispose();

        var open = () => FileSystem.OpenFile(PathOf("a"), FileOpenMode.CreateNew);

        open.Should().Throw<IOException>();
        ReadAll("a").Should().Equal("x"u8.ToArray());
    }

    [Theory]
    [Trait("Step", "01")]
    [InlineData(FileOpenMode.OpenExisting)]
    [InlineData(FileOpenMode.OpenReadOnly)]
    public void Opening_a_missing_file_throws_FileNotFound(FileOpenMode mode)
    {
        var open = () => FileSystem.OpenFile(PathOf("missing"), mode);

        open.Should().Throw<FileNotFoundException>();
        FileSystem.FileExists(PathOf("missing")).Should().BeFalse();
    }

    [Theory]
    [Trait("Step", "01")]
    [InlineData(FileOpenMode.CreateNew)]
    [InlineData(FileOpenMode.CreateOrTruncate)]
    [InlineData(FileOpenMode.OpenOrCreate)]
    public void Creating_a_file_in_a_missing_directory_throws_DirectoryNotFound(FileOpenMode mode)
    {
        var open = () => FileSystem.OpenFile(PathOf("no-such-dir", "a"), mode);

        open.Should().Throw<DirectoryNotFoundException>();
    }

    [Fact]
    [Trait("Step", "01")]
    public void CreateOrTruncate_empties_an_existing_file_and_OpenOrCreate_keeps_it()
    {
        Create("kept", "abc"u8).Dispose();
        Create("emptied", "abc"u8).Dispose();

        using (var kept = FileSystem.OpenFile(PathOf("kept"), FileOpenMode.OpenOrCreate))
        using (var emptied = FileSystem.OpenFile(PathOf("emptied"), FileOpenMode.CreateOrTruncate))
        {
            kept.Length.Should().Be(3);
            emptied.Length.Should().Be(0);
        }

        using var created = FileSystem.OpenFile(PathOf("new"), FileOpenMode.OpenOrCreate);
        created.Length.Should().Be(0);
        FileSystem.FileExists(PathOf("new")).Should().BeTrue();
    }

    [Fact]
    [Trait("Step", "01")]
    public void Positional_writes_land_at_their_offsets_and_a_gap_reads_as_zeros()
    {
        using var file = Create("a", "abcdef"u8);

        file.Write("XY"u8, 2);
        file.Write("end"u8, 10);

        file.Length.Should().Be(13);
        var buffer = new byte[13];
        file.Read(buffer, 0).Should().Be(13);
        buffer.Should().Equal([.. "abXYef"u8, 0, 0, 0, 0, .. "end"u8]);
        var middle = new byte[3];
        file.Read(middle, 3).Should().Be(3);
        middle.Should().Equal("Yef"u8.ToArray());
    }

    [Fact]
    [Trait("Step", "01")]
    public void Read_stops_at_the_end_of_the_file()
    {
        using var file = Create("a", "abc"u8);
        var buffer = new byte[10];

        file.Read(buffer, 1).Should().Be(2);
        buffer[..2].Should().Equal("bc"u8.ToArray());
        file.Read(buffer, 3).Should().Be(0);
        file.Read(buffer, 100).Should().Be(0);
    }

    [Fact]
    [Trait("Step", "01")]
    public void Append_writes_at_the_end_and_returns_the_offset()
    {
        using var file = Create("a", "abc"u8);

        file.Append("de"u8).Should().Be(3);
        file.Append("f"u8).Should().Be(5);

        ReadAll("a").Should().Equal("abcdef"u8.ToArray());
    }

    [Fact]
    [Trait("Step", "01")]
    public void SetLength_truncates_then_extends_with_zeros()
    {
        using var file = Create("a", "abcdef"u8);

        file.SetLength(2);
        file.Length.Should().Be(2);
        file.SetLength(4);

        ReadAll("a").Should().Equal([(byte)'a', (byte)'b', 0, 0]);
    }

    [Fact]
    [Trait("Step", "01")]
    public void Read_only_handle_reads_but_refuses_writes()
    {
        Create("a", "abc"u8).Dispose();
        using var file = FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenReadOnly);

        var write = () => file.Write("x"u8, 0);
        var append = () => file.Append("x"u8);
        var setLength = () => file.SetLength(0);

        write.Should().Throw<NotSupportedException>();
        append.Should().Throw<NotSupportedException>();
        setLength.Should().Throw<NotSupportedException>();
        var buffer = new byte[3];
        file.Read(buffer, 0).Should().Be(3);
        buffer.Should().Equal("abc"u8.ToArray());
    }

    [Fact]
    [Trait("Step", "01")]
    public void Negative_offsets_and_lengths_are_refused()
    {
        using var file = Create("a", "abc"u8);

        var read = () => file.Read(new byte[1], -1);
        var write = () => file.Write("x"u8, -1);
        var setLength = () => file.SetLength(-1);

        read.Should().Throw<ArgumentOutOfRangeException>();
        write.Should().Throw<ArgumentOutOfRangeException>();
        setLength.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    [Trait("Step", "01")]
    public void Rename_replaces_the_destination_and_removes_the_source()
    {
        Create("new", "new contents"u8).Dispose();
        Create("old", "old"u8).Dispose();

        FileSystem.RenameFile(PathOf("new"), PathOf("old"));

        FileSystem.FileExists(PathOf("new")).Should().BeFalse();
        ReadAll("old").Should().Equal("new contents"u8.ToArray());
        FileSystem.ListDirectory(Root).Should().Equal("old");
    }

    [Fact]
    [Trait("Step", "01")]
    public void Renamed_over_file_stays_readable_through_a_handle_opened_before()
    {
        Create("new", "new"u8).Dispose();
        Create("old", "old"u8).Dispose();
        using var before = FileSystem.OpenFile(PathOf("old"), FileOpenMode.OpenReadOnly);

        FileSystem.RenameFile(PathOf("new"), PathOf("old"));

        var buffer = new byte[3];
        before.Read(buffer, 0).Should().Be(3);
        buffer.Should().Equal("old"u8.ToArray());
        ReadAll("old").Should().Equal("new"u8.ToArray());
    }

    [Fact]
    [Trait("Step", "01")]
    public void Rename_of_a_missing_file_throws_FileNotFound()
    {
        var rename = () => FileSystem.RenameFile(PathOf("missing"), PathOf("b"));

        rename.Should().Throw<FileNotFoundException>();
        FileSystem.FileExists(PathOf("b")).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "01")]
    public void Deleted_file_is_gone_by_name_but_an_open_handle_keeps_working()
    {
        using var file = Create("a", "abc"u8);

        FileSystem.DeleteFile(PathOf("a"));

        FileSystem.FileExists(PathOf("a")).Should().BeFalse();
        FileSystem.ListDirectory(Root).Should().BeEmpty();
        file.Append("d"u8).Should().Be(3);
        var buffer = new byte[4];
        file.Read(buffer, 0).Should().Be(4);
        buffer.Should().Equal("abcd"u8.ToArray());
        file.Sync();
    }

    [Fact]
    [Trait("Step", "01")]
    public void Delete_of_a_missing_file_throws_FileNotFound()
    {
        var delete = () => FileSystem.DeleteFile(PathOf("missing"));

        delete.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    [Trait("Step", "01")]
    public void ListDirectory_returns_names_of_files_and_directories_sorted_ordinally()
    {
        Create("b", "1"u8).Dispose();
        Create("a", "1"u8).Dispose();
        // "Z" and "b", not "B" and "b": the real file systems of Windows and macOS are case-insensitive.
        Create("Z", "1"u8).Dispose();
        FileSystem.CreateDirectory(PathOf("dir"));
        Create(Path.Combine("dir", "inner"), "1"u8).Dispose();

        FileSystem.ListDirectory(Root).Should().Equal("Z", "a", "b", "dir");
        FileSystem.ListDirectory(PathOf("dir")).Should().Equal("inner");
    }

    [Fact]
    [Trait("Step", "01")]
    public void ListDirectory_and_SyncDirectory_of_a_missing_directory_throw_DirectoryNotFound()
    {
        var list = () => FileSystem.ListDirectory(PathOf("missing"));
        var sync = () => FileSystem.SyncDirectory(PathOf("missing"));

        list.Should().Throw<DirectoryNotFoundException>();
        sync.Should().Throw<DirectoryNotFoundException>();
    }

    [Fact]
    [Trait("Step", "01")]
    public void CreateDirectory_creates_missing_parents_and_is_idempotent()
    {
        FileSystem.CreateDirectory(PathOf("a", "b", "c"));
        FileSystem.CreateDirectory(PathOf("a", "b", "c"));

        FileSystem.DirectoryExists(PathOf("a")).Should().BeTrue();
        FileSystem.DirectoryExists(PathOf("a", "b", "c")).Should().BeTrue();
        FileSystem.ListDirectory(PathOf("a")).Should().Equal("b");
        FileSystem.SyncDirectory(PathOf("a", "b"));
    }

    [Fact]
    [Trait("Step", "01")]
    public void Exists_tells_files_from_directories()
    {
        Create("file", "1"u8).Dispose();
        FileSystem.CreateDirectory(PathOf("dir"));

        FileSystem.FileExists(PathOf("file")).Should().BeTrue();
        FileSystem.DirectoryExists(PathOf("file")).Should().BeFalse();
        FileSystem.DirectoryExists(PathOf("dir")).Should().BeTrue();
        FileSystem.FileExists(PathOf("dir")).Should().BeFalse();
        FileSystem.FileExists(PathOf("none")).Should().BeFalse();
        FileSystem.DirectoryExists(PathOf("none")).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "01")]
    public void Lock_is_refused_while_held_and_granted_after_release()
    {
        var first = FileSystem.Lock(PathOf("LOCK"));

        var second = () => FileSystem.Lock(PathOf("LOCK"));

        second.Should().Throw<FileLockedException>();
        FileSystem.FileExists(PathOf("LOCK")).Should().BeTrue();
        first.Dispose();
        using var third = FileSystem.Lock(PathOf("LOCK"));
    }

    [Fact]
    [Trait("Step", "01")]
    public void Exclusive_open_conflicts_with_every_other_open_of_the_file()
    {
        Create("a", "abc"u8).Dispose();
        using (FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting, exclusive: true))
        {
            var shared = () => FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting);
            var exclusive = () => FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting, exclusive: true);
            var locked = () => FileSystem.Lock(PathOf("a"));

            shared.Should().Throw<FileLockedException>();
            exclusive.Should().Throw<FileLockedException>();
            locked.Should().Throw<FileLockedException>();
        }

        using (FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting))
        {
            var exclusive = () => FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting, exclusive: true);

            exclusive.Should().Throw<FileLockedException>();
            using var alsoShared = FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenReadOnly);
        }

        using var afterwards = FileSystem.OpenFile(PathOf("a"), FileOpenMode.OpenExisting, exclusive: true);
        afterwards.Length.Should().Be(3);
    }

    [Fact]
    [Trait("Step", "01")]
    public void Disposed_handle_throws_ObjectDisposed_and_Dispose_is_idempotent()
    {
        var file = Create("a", "abc"u8);
        file.Dispose();
        file.Dispose();

        var read = () => file.Read(new byte[1], 0);
        var write = () => file.Write("x"u8, 0);
        var length = () => file.Length;
        var sync = () => file.Sync();

        read.Should().Throw<ObjectDisposedException>();
        write.Should().Throw<ObjectDisposedException>();
        length.Should().Throw<ObjectDisposedException>();
        sync.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    [Trait("Step", "01")]
    public void Synced_file_and_directory_read_back_the_same()
    {
        using (var file = Create("a", "abc"u8))
        {
            file.Sync(FileSyncKind.Data);
            file.Append("d"u8);
            file.Sync(FileSyncKind.All);
        }

        FileSystem.SyncDirectory(Root);

        ReadAll("a").Should().Equal("abcd"u8.ToArray());
    }

    [Fact]
    [Trait("Step", "01")]
    public void AtomicFile_Write_replaces_the_contents_and_leaves_no_temporary_file()
    {
        Create("CURRENT", "old"u8).Dispose();

        AtomicFile.Write(FileSystem, PathOf("CURRENT"), "MANIFEST-000002\n"u8);

        ReadAll("CURRENT").Should().Equal("MANIFEST-000002\n"u8.ToArray());
        FileSystem.ListDirectory(Root).Should().Equal("CURRENT");
    }
}
