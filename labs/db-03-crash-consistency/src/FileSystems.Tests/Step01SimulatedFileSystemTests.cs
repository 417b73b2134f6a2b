using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>
/// The contract on the simulator, plus what only the simulator promises without crashes: path
/// normalisation, the operation count and trace.
/// </summary>
[Trait("Step", "01")]
public sealed class Step01SimulatedFileSystemTests : FileSystemContractTests
{
    private readonly SimulatedFileSystem _fileSystem = new();

    public Step01SimulatedFileSystemTests()
    {
        _fileSystem.CreateDirectory("/data");
    }

    protected override IFileSystem FileSystem => _fileSystem;

    protected override string Root => "/data";

    [Fact]
    public void Root_exists_and_backslashes_and_dots_name_the_same_file()
    {
        var fileSystem = new SimulatedFileSystem();
        fileSystem.DirectoryExists("/").Should().BeTrue();
        fileSystem.CreateDirectory("/db");

        using (var file = fileSystem.OpenFile(@"\db\.\x\..\LOG", FileOpenMode.CreateNew))
        {
            file.Path.Should().Be(Path.GetFullPath("/db/LOG"));
            file.Write("abc"u8, 0);
        }

        fileSystem.ReadAllBytes("/db/LOG").Should().Equal("abc"u8.ToArray());
        fileSystem.ListDirectory("/db/").Should().Equal("LOG");
    }

    [Fact]
    public void Relative_paths_are_refused()
    {
        var open = () => new SimulatedFileSystem().OpenFile("db/LOG", FileOpenMode.OpenOrCreate);

        open.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Counted_operations_are_traced_in_order_and_reads_are_not_counted()
    {
        var fileSystem = new SimulatedFileSystem();
        fileSystem.CreateDirectory("/db/sub");
        using (var file = fileSystem.OpenFile("/db/LOG", FileOpenMode.CreateNew))
        {
            file.Write(new byte[100], 4096);
            file.Append("x"u8);
            file.Read(new byte[10], 0);
            _ = file.Length;
            file.Sync();
            file.SetLength(10);
        }

        using (fileSystem.OpenFile("/db/LOG", FileOpenMode.OpenExisting))
        {
        }

        fileSystem.ListDirectory("/db");
        fileSystem.FileExists("/db/LOG");
        fileSystem.RenameFile("/db/LOG", "/db/LOG2");
        fileSystem.DeleteFile("/db/LOG2");
        fileSystem.SyncDirectory("/db");
        using (fileSystem.OpenFile("/db/sub/x", FileOpenMode.OpenOrCreate))
        {
        }

        using (fileSystem.OpenFile("/db/sub/x", FileOpenMode.CreateOrTruncate))
        {
        }

        var log = Path.GetFullPath("/db/LOG");
        fileSystem.Trace.Select(o => o.ToString()).Should().Equal(
            $"1 mkdir {Path.GetFullPath("/db")}",
            $"2 mkdir {Path.GetFullPath("/db/sub")}",
            $"3 create {log}",
            $"4 write {log} @4096 +100",
            $"5 write {log} @4196 +1",
            $"6 sync {log}",
            $"7 set-length {log} =10",
            $"8 rename {log} -> {Path.GetFullPath("/db/LOG2")}",
            $"9 delete {Path.GetFullPath("/db/LOG2")}",
            $"10 sync-dir {Path.GetFullPath("/db")}",
            $"11 create {Path.GetFullPath("/db/sub/x")}",
            $"12 truncate {Path.GetFullPath("/db/sub/x")}");
        fileSystem.OperationCount.Should().Be(12);
        fileSystem.Trace[3].Should().Be(new FileSystemOperation(4, FileSystemOperationKind.Write, log, 4096, 100));
    }

    [Fact]
    public void Opening_a_directory_as_a_file_is_refused()
    {
        var open = () => _fileSystem.OpenFile("/data", FileOpenMode.OpenOrCreate);

        open.Should().Throw<UnauthorizedAccessException>();
    }

    [Fact]
    public void Concurrent_appends_through_separate_handles_are_each_whole_and_counted()
    {
        // Thread-safety (one lock): four threads append 50,000 records (enough to outlast a time slice) each to one file through their
        // own handles, while a fifth creates and deletes other files. Every append lands whole at a
        // distinct offset, the length is the sum, and the count matches the trace.
        const int Threads = 4;
        const int Records = 50_000;
        var fileSystem = new SimulatedFileSystem();
        fileSystem.CreateDirectory("/db");
        fileSystem.OpenFile("/db/LOG", FileOpenMode.CreateNew).Dispose();
        using var start = new Barrier(Threads + 1);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        Thread Run(Action body) => new(() =>
        {
            try
            {
                start.SignalAndWait(TimeSpan.FromMinutes(2));
                body();
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        });

        var appenders = Enumerable.Range(0, Threads).Select(t => Run(() =>
        {
            using var file = fileSystem.OpenFile("/db/LOG", FileOpenMode.OpenExisting);
            var record = new byte[8];
            for (var i = 0; i < Records; i++)
            {
                BitConverter.TryWriteBytes(record.AsSpan(0, 4), t);
                BitConverter.TryWriteBytes(record.AsSpan(4, 4), i);
                file.Append(record);
            }
        })).ToList();
        var churn = Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                fileSystem.OpenFile($"/db/tmp{i}", FileOpenMode.CreateNew).Dispose();
                fileSystem.DeleteFile($"/db/tmp{i}");
            }
        });

        List<Thread> threads = [.. appenders, churn];
        threads.ForEach(thread => thread.Start());
        threads.Should().OnlyContain(thread => thread.Join(TimeSpan.FromMinutes(5)), "five threads should finish within five minutes");
        failures.Should().BeEmpty();

        var bytes = fileSystem.ReadAllBytes("/db/LOG");
        bytes.Length.Should().Be(Threads * Records * 8);
        var next = new int[Threads];
        string? firstBad = null;
        for (var at = 0; at < bytes.Length && firstBad is null; at += 8)
        {
            var (t, i) = (BitConverter.ToInt32(bytes, at), BitConverter.ToInt32(bytes, at + 4));
            if (t is < 0 or >= Threads || i != next[t]++)
            {
                firstBad = $"the record at {at} is (thread {t}, record {i})";
            }
        }

        firstBad.Should().BeNull("every record is whole and each thread's records are in its order, none lost");

        fileSystem.OperationCount.Should().Be(fileSystem.Trace.Count).And.Be(1 + 1 + (Threads * Records) + (2 * 500));
    }
}
