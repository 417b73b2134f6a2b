using System.Diagnostics;

namespace FromScratch.Wal.Tests;

[Trait("Step", "06")]
public sealed class Step06LevelDbCompatibilityTests : IDisposable
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "leveldb");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // The same 40,000-byte value as BigValue() in Fixtures/leveldb/make_fixture.cc.
    private static byte[] BigValue() => [.. Enumerable.Range(0, 40_000).Select(i => (byte)(((i * 7) + 3) % 251))];

    [Fact]
    public void Log_written_by_LevelDB_1_23_reads_back_as_the_write_batches_it_made()
    {
        var log = File.ReadAllBytes(Path.Combine(FixtureDirectory, "leveldb-1.23.log"));
        var reporter = new ListReporter();

        var batches = LogFiles.Read(log, reporter).Select(r => LevelDbWriteBatch.Decode(r)).ToList();

        reporter.Drops.Should().BeEmpty();
        (ulong, BatchOp[])[] expected =
        [
            (1, [BatchOp.Put("alpha", "1")]),
            (2, [BatchOp.Put("beta", "two")]),
            (3, [BatchOp.Delete("alpha")]),
            (4, [BatchOp.Put("gamma", "3"), BatchOp.Delete("beta"), BatchOp.Put("delta", "4")]),
            (7, [BatchOp.Put("big", BigValue())]),
            (8, [BatchOp.Put("empty", "")]),
            (9, [BatchOp.Put("after-big", "z")]),
        ];
        batches.Select(b => b.Sequence).Should().Equal(expected.Select(e => e.Item1));
        batches.Select(b => string.Join(", ", b.Ops)).Should().Equal(expected.Select(e => string.Join(", ", e.Item2)));
    }

    [Fact]
    public void Log_written_by_LevelDB_has_the_fragments_our_writer_produces_for_the_same_records()
    {
        var leveldbLog = File.ReadAllBytes(Path.Combine(FixtureDirectory, "leveldb-1.23.log"));
        var records = LogFiles.Read(leveldbLog);
        PhysicalRecord.Walk(leveldbLog).Select(p => p.Type).Should().Contain([RecordType.First, RecordType.Last]);

        var (ours, _) = LogFiles.Write(_dir.File("ours.log"), records);

        ours.Should().Equal(leveldbLog, "the same records must produce the same bytes");
    }

    [Fact]
    public async Task LevelDB_reads_a_log_written_by_our_LogWriter()
    {
        var source = Path.Combine(FixtureDirectory, "cross_check.cc");
        var compiler = FindOnPath("g++");
        if (compiler is null)
        {
            Assert.Skip("g++ is not installed; install g++ and libleveldb-dev (Debian/Ubuntu: apt-get install -y g++ libleveldb-dev) to run the LevelDB cross-check.");
        }
        var program = _dir.File("cross_check");
        var (compiled, compileOutput) = await RunAsync(compiler!, $"-std=c++17 -O1 -o \"{program}\" \"{source}\" -lleveldb");
        if (!compiled && (compileOutput.Contains("leveldb/db.h", StringComparison.Ordinal) || compileOutput.Contains("-lleveldb", StringComparison.Ordinal)))
        {
            Assert.Skip($"LevelDB's headers or library are missing; install libleveldb-dev (Debian/Ubuntu: apt-get install -y libleveldb-dev) to run the LevelDB cross-check. Compiler said: {compileOutput.Trim()}");
        }
        compiled.Should().BeTrue($"cross_check.cc compiles against LevelDB: {compileOutput}");

        var db = _dir.File("db");
        (await RunAsync(program, $"create \"{db}\"")).Ok.Should().BeTrue();
        var logs = Directory.GetFiles(db, "*.log");
        logs.Should().ContainSingle("a fresh database has one live log");

        // Replace the live log with ours: sequences above the one LevelDB used (1). The padding
        // batch ends exactly 7 bytes before the block boundary, so the large batch after it starts
        // with an empty FIRST fragment; the large batch itself spans two blocks.
        var big = BigValue();
        var first = LevelDbWriteBatch.Encode(2, [BatchOp.Put("k1", "v1"), BatchOp.Put("k2", "v2")]);
        var padding = Enumerable.Range(1, LogFormat.BlockSize)
            .Select(n => LevelDbWriteBatch.Encode(4, [BatchOp.Put("pad", new byte[n])]))
            .First(b => 7 + first.Length + 7 + b.Length == LogFormat.BlockSize - 7);
        var batches = new[]
        {
            first,
            padding,
            LevelDbWriteBatch.Encode(5, [BatchOp.Put("large", big)]),
            LevelDbWriteBatch.Encode(6, [BatchOp.Delete("k1"), BatchOp.Put("k3", "")]),
            LevelDbWriteBatch.Encode(8, [BatchOp.Put("z", "last")]),
        };
        File.Delete(logs[0]);
        var (ours, _) = LogFiles.Write(logs[0], batches);
        PhysicalRecord.Walk(ours).Should().Contain(new PhysicalRecord(LogFormat.BlockSize - 7, RecordType.First, 0));

        var (ok, output) = await RunAsync(program, $"dump \"{db}\"");

        ok.Should().BeTrue(output);
        var pairs = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(p => (Key: System.Text.Encoding.UTF8.GetString(Convert.FromHexString(p[0])), Value: p.Length > 1 ? Convert.FromHexString(p[1]) : []))
            .ToList();
        pairs.Select(p => p.Key).Should().Equal("k2", "k3", "large", "pad", "z");
        pairs[0].Value.Should().Equal("v2"u8.ToArray());
        pairs[1].Value.Should().BeEmpty();
        pairs[2].Value.AsSpan().SequenceEqual(big).Should().BeTrue("LevelDB reassembled the fragmented record");
        pairs[3].Value.Should().HaveCount(LevelDbWriteBatch.Decode(padding).Ops[0].Value!.Length);
        pairs[4].Value.Should().Equal("last"u8.ToArray());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static async Task<(bool Ok, string Output)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        return (process.ExitCode == 0, await stdout + await stderr);
    }
}
