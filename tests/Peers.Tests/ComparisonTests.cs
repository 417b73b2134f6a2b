using FromScratch.Peers.Comparison;
using FromScratch.Peers.LevelDb;
using FromScratch.Shared.Workloads;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Peers.Tests;

/// <summary>
/// The comparison runner: its command line, its statistics and report, and whole runs with the child
/// runs made in process (the model store as the lab's engine; LevelDB too where it is installed).
/// </summary>
[Trait("Step", "00")]
public sealed class ComparisonTests : IDisposable
{
    private readonly TempDirectory _temp = new("compare");

    public void Dispose() => _temp.Dispose();

    // ---------------------------------------------------------------------------------------------
    // Command line
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("--filter * --job short compare --num 10", "compare --num 10")]
    [InlineData("--job short --filter * workload --num 10", "workload --num 10")]
    [InlineData("compare --num 10", "compare --num 10")]
    [InlineData("--filter * --job short", "--filter * --job short")]
    [InlineData("--filter *StoreBenchmarks* --job dry", "--filter *StoreBenchmarks* --job dry")]
    [InlineData("--filter * --job short --list flat", "--filter * --job short --list flat")]
    public void Lab_bench_defaults_in_front_of_a_verb_are_dropped(string given, string expected)
    {
        LabBenchArguments.WithoutLabDefaults(given.Split(' ')).Should().Equal(expected.Split(' '));
    }

    [Fact]
    public void Options_default_to_four_workloads_three_repetitions_and_the_temporary_directory()
    {
        var options = CompareOptions.Parse([]);

        options.Workload.Workloads.Select(WorkloadNames.NameOf).Should().Equal("fillseq", "fillrandom", "overwrite", "readrandom");
        options.Workload.Num.Should().Be(1_000_000);
        options.Repetitions.Should().Be(3);
        options.Warmup.Should().Be(10_000);
        options.Engines.Should().BeEmpty();
        options.MarkdownPath.Should().BeNull();
        options.Parent.Should().Be(Path.GetFullPath(Path.GetTempPath()));
        options.WorkloadArguments.Should().Equal("--benchmarks", CompareCommand.DefaultWorkloads, "--db", options.Parent);
    }

    [Fact]
    public void Options_parse_the_comparison_s_flags_and_pass_the_workload_flags_on()
    {
        var options = CompareOptions.Parse(
            ["--reps=5", "--num", "1000", "--markdown", "out.md", "--engines", "leveldb, bitcask", "--benchmarks=fillseq", "--value_size", "50", "--warmup", "0", "--db", "/data"]);

        options.Repetitions.Should().Be(5);
        options.Warmup.Should().Be(0);
        options.MarkdownPath.Should().Be("out.md");
        options.Engines.Should().Equal("leveldb", "bitcask");
        options.Workload.Num.Should().Be(1000);
        options.Workload.ValueSize.Should().Be(50);
        options.Parent.Should().Be(Path.GetFullPath("/data"));
        options.WorkloadArguments.Should().Equal("--num", "1000", "--benchmarks=fillseq", "--value_size", "50", "--db", "/data");
    }

    [Theory]
    [InlineData("--reps 0", "--reps takes an integer of at least 1")]
    [InlineData("--warmup -1", "--warmup takes an integer of at least 0")]
    [InlineData("--markdown", "--markdown needs a value")]
    [InlineData("--benchmarks fillfast", "Unknown workload 'fillfast'")]
    [InlineData("--bogus 1", "Unknown flag --bogus")]
    public void Bad_flags_are_rejected_with_the_reason(string args, string message)
    {
        var parse = () => CompareOptions.Parse(args.Split(' '));

        parse.Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void The_child_is_this_program_again_or_its_assembly_under_the_dotnet_host()
    {
        CompareCommand.ChildCommandLine("/repo/bin/Bitcask.Benchmarks", "/repo/bin/Bitcask.Benchmarks.dll", ["compare-child", "--num", "1"])
            .Should().Equal("compare-child", "--num", "1");
        CompareCommand.ChildCommandLine("/usr/share/dotnet/dotnet", "/repo/bin/Bitcask.Benchmarks.dll", ["compare-child"])
            .Should().Equal("/repo/bin/Bitcask.Benchmarks.dll", "compare-child");
    }

    [Fact]
    public void Machine_facts_are_read_from_proc_texts()
    {
        MachineInfo.CpuModel(["processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC 7B13", "model name\t: other"]).Should().Be("AMD EPYC 7B13");
        MachineInfo.CpuModel(["processor : 0"]).Should().BeNull();
        MachineInfo.LoadAverage("2.15 1.80 1.42 3/512 12345\n").Should().Be("2.15 1.80 1.42");
        MachineInfo.Probe(_temp.PathName).Cores.Should().Be(Environment.ProcessorCount);
    }

    // ---------------------------------------------------------------------------------------------
    // Statistics and report
    // ---------------------------------------------------------------------------------------------

    private static ComparisonSettings Settings(params string[] workloads) => new(
        "./lab bench db-04 -- compare --num 100", new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero), workloads,
        "100 entries", 3, 0, new MachineInfo("CPU X", 2, "Linux 6.1", "ext4 on /dev/vda (mounted at /)", ".NET 10"), "/tmp", "1.00 0.50 0.25", "1.50 0.75 0.30");

    private static PeerEngine Engine(string name) => new(name, $"{name} with its options", _ => new InMemoryKeyValueStore());

    private static EngineRun Run(string engine, int rep, params (string Workload, double Rate, long? Found)[] samples) => new()
    {
        Engine = engine,
        Repetition = rep,
        Workloads = [.. samples.Select(s => new WorkloadSample(s.Workload, 100, s.Rate, 1e6 / s.Rate, 1, 2, s.Found))],
        PeakRssBytes = (40 + rep) * 1048576L,
        StartRssBytes = 30 * 1048576L,
        Seconds = rep,
    };

    [Fact]
    public void Each_row_has_the_median_the_range_and_the_ratio_of_medians_to_LevelDB()
    {
        var report = new ComparisonReport(Settings("fillseq", "readrandom"), [Engine("bitcask"), Engine("leveldb")], [],
        [
            Run("bitcask", 1, ("fillseq", 300, null), ("readrandom", 50, 63)),
            Run("leveldb", 1, ("fillseq", 200, null), ("readrandom", 100, 63)),
            Run("bitcask", 2, ("fillseq", 100, null), ("readrandom", 60, 63)),
            Run("leveldb", 2, ("fillseq", 400, null), ("readrandom", 120, 63)),
            Run("bitcask", 3, ("fillseq", 200, null), ("readrandom", 70, 63)),
            Run("leveldb", 3, ("fillseq", 100, null), ("readrandom", 110, 63)),
        ]);

        var rows = report.Rows();

        rows.Select(r => (r.Workload, r.Engine, r.Median, r.Min, r.Max, r.Runs)).Should().Equal(
            ("fillseq", "bitcask", 200.0, 100.0, 300.0, 3), ("fillseq", "leveldb", 200.0, 100.0, 400.0, 3),
            ("readrandom", "bitcask", 60.0, 50.0, 70.0, 3), ("readrandom", "leveldb", 110.0, 100.0, 120.0, 3));
        rows.Select(r => r.Ratio).Should().Equal(1.0, 1.0, 60.0 / 110, 1.0);
        rows.Select(r => r.Found).Should().Equal(null, null, "63", "63");
        report.FoundMismatches().Should().BeEmpty();
    }

    [Fact]
    public void The_median_of_an_even_number_of_runs_is_the_mean_of_the_middle_two()
    {
        var report = new ComparisonReport(Settings("fillseq"), [Engine("leveldb")], [],
            [Run("leveldb", 1, ("fillseq", 100, null)), Run("leveldb", 2, ("fillseq", 300, null))]);

        report.Rows().Single().Median.Should().Be(200);
    }

    [Fact]
    public void Without_LevelDB_there_is_no_ratio_and_the_heading_says_why()
    {
        var report = new ComparisonReport(Settings("fillseq"), [Engine("bitcask")], [("leveldb", "LevelDB is not installed: ...")],
            [Run("bitcask", 1, ("fillseq", 100, null))]);

        report.Rows().Single().Ratio.Should().BeNull();
        var text = report.FormatText();
        text.Should().Contain("× leveldb (not run)").And.Contain("Skipped:   leveldb: LevelDB is not installed: ...");
    }

    [Fact]
    public void Different_found_counts_between_engines_are_reported_as_a_bug()
    {
        var report = new ComparisonReport(Settings("readrandom"), [Engine("bitcask"), Engine("leveldb")], [],
            [Run("bitcask", 1, ("readrandom", 100, 62)), Run("leveldb", 1, ("readrandom", 100, 63))]);

        report.FoundMismatches().Should().ContainSingle().Which.Should().Be(
            "WARNING: readrandom found different numbers of keys: bitcask 62, leveldb 63. The keys drawn are the same for every engine, so one of them is wrong.");
        report.FormatText().Should().Contain("WARNING: readrandom found different numbers of keys");
    }

    [Fact]
    public void Unsupported_workloads_and_failed_runs_are_shown_not_hidden()
    {
        var report = new ComparisonReport(Settings("fillseq", "readseq"), [Engine("bitcask"), Engine("leveldb")], [],
        [
            Run("bitcask", 1, ("fillseq", 100, null)) with { Unsupported = ["readseq: BitcaskStore keeps no key order"] },
            Run("leveldb", 1, ("fillseq", 100, null), ("readseq", 1000, null)),
            new EngineRun { Engine = "leveldb", Repetition = 2, Error = "exit code 1: error: leveldb: IO error: disk full" },
        ]);

        var rows = report.Rows();
        rows.Single(r => r.Engine == "bitcask" && r.Workload == "readseq").Note.Should().Be("not supported (no key order)");
        rows.Single(r => r.Engine == "leveldb" && r.Workload == "readseq").Runs.Should().Be(1, "the failed run counts for nothing");
        report.FormatText().Should().Contain("Failed:    leveldb, repetition 2: exit code 1: error: leveldb: IO error: disk full");
    }

    [Fact]
    public void Text_and_Markdown_carry_the_command_machine_load_options_and_memory()
    {
        var report = new ComparisonReport(Settings("fillseq"), [Engine("bitcask"), Engine("leveldb")], [],
        [
            Run("bitcask", 1, ("fillseq", 1234.4, null)), Run("leveldb", 1, ("fillseq", 1000, null)),
            Run("bitcask", 2, ("fillseq", 1234.4, null)), Run("leveldb", 2, ("fillseq", 1000, null)),
        ]);

        var text = report.FormatText();
        var markdown = report.FormatMarkdown();

        text.Should().Contain("Command:   ./lab bench db-04 -- compare --num 100")
            .And.Contain("Machine:   CPU X, 2 cores, Linux 6.1, ext4 on /dev/vda (mounted at /), .NET 10")
            .And.Contain("Load:      before 1.00 0.50 0.25; after 1.50 0.75 0.30")
            .And.Contain("Engine:    leveldb: leveldb with its options")
            .And.Contain("without warm-up");
        var lines = text.Split(Environment.NewLine);
        lines.Should().Contain(l => l.StartsWith("fillseq  | bitcask |", StringComparison.Ordinal) && l.Contains("1,234") && l.Contains("1.23×"));
        lines.Should().Contain(l => l.StartsWith("bitcask |", StringComparison.Ordinal) && l.Contains("42.0") && l.Contains("41.5") && l.Contains("30.0") && l.Contains("1.5"),
            "peak RSS max 42 MiB, median 41.5, 30 at start, 1.5 s per run");
        markdown.Should().StartWith("## Comparison: bitcask, leveldb").And.Contain("```sh\n./lab bench db-04 -- compare --num 100\n```")
            .And.Contain("- Load: before 1.00 0.50 0.25; after 1.50 0.75 0.30");
        markdown.Split('\n').Should().Contain(l => l.StartsWith("| fillseq  | bitcask |", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("|----------|---------|", StringComparison.Ordinal), "a Markdown table's separator row");
    }

    // ---------------------------------------------------------------------------------------------
    // Whole runs (children in process)
    // ---------------------------------------------------------------------------------------------

    private int Compare(PeerEngine lab, TextWriter output, params string[] args) =>
        CompareCommand.Run(["compare", "--db", _temp.PathName, "--warmup", "100", .. args], lab, output, "test --",
            (childArgs, childOutput) => CompareCommand.Run(childArgs, lab, childOutput));

    private static PeerEngine Model(string name = "model") => new(name, "the in-memory model", _ => new InMemoryKeyValueStore());

    [Fact]
    public void A_run_reports_every_repetition_of_every_engine_and_writes_the_Markdown()
    {
        var output = new StringWriter();
        var markdown = Path.Combine(_temp.PathName, "out", "compare.md");

        var exit = Compare(Model(), output, "--engines", "model", "--num", "2000", "--reps", "2", "--benchmarks", "fillseq,fillrandom,readrandom,readseq", "--markdown", markdown);

        exit.Should().Be(0, output.ToString());
        var text = output.ToString();
        text.Should().Contain("[1/2] model").And.Contain("[2/2] model").And.Contain("readrandom   :", "the child's db_bench lines are shown");
        text.Should().MatchRegex(@"readrandom \| model +\| +[\d,]+ \| +[\d,]+–[\d,]+ \| +\| +1,2\d\d \| +2");
        File.ReadAllText(markdown).Should().Contain("| readseq    | model  |").And.Contain("```sh\ntest -- compare --db");
        Directory.GetDirectories(_temp.PathName).Should().Equal([Path.Combine(_temp.PathName, "out")], "every store directory was deleted");
    }

    [Fact]
    public void Workloads_an_engine_cannot_run_are_marked_not_supported()
    {
        var output = new StringWriter();
        var unordered = new PeerEngine("hash", "an engine without key order", _ => new UnorderedStore(new InMemoryKeyValueStore()));

        var exit = Compare(unordered, output, "--engines", "hash", "--num", "500", "--reps", "1", "--benchmarks", "fillseq,readseq,readrandom");

        exit.Should().Be(0, output.ToString());
        output.ToString().Should().MatchRegex(@"readseq +\| hash +\| +\| not supported \(no key order\)").And.Contain("(500 of 500 found)");
    }

    [Fact]
    public void A_failing_engine_is_reported_and_the_command_exits_1()
    {
        var output = new StringWriter();
        var broken = new PeerEngine("broken", "fails at open", _ => throw new IOException("the disk is on fire"));

        var exit = Compare(broken, output, "--engines", "broken", "--num", "100", "--reps", "2", "--benchmarks", "fillseq");

        exit.Should().Be(1);
        output.ToString().Should().Contain("[1/2] broken FAILED: exit code 1: error: broken: the disk is on fire")
            .And.Contain("Failed:    broken, repetition 2");
    }

    [Fact]
    public void Unknown_and_unavailable_engines_are_refused_or_skipped_with_the_reason()
    {
        var output = new StringWriter();
        Compare(Model(), output, "--engines", "nosuch", "--num", "100").Should().Be(2);
        output.ToString().Should().Contain("error: unknown engine(s) nosuch; known: model, leveldb, rocksdb.");

        output = new StringWriter();
        var missing = Model("missing") with { UnavailableReason = "Missing is not installed: install missing-dev" };
        Compare(missing, output, "--engines", "missing", "--num", "100").Should().Be(1);
        output.ToString().Should().Contain("skipping missing: Missing is not installed: install missing-dev").And.Contain("error: no engine to run.");
    }

    [Fact]
    public void Against_LevelDB_the_found_counts_agree_and_the_ratio_is_computed()
    {
        Assert.SkipUnless(LevelDbStore.IsAvailable, LevelDbStore.Library.UnavailableReason ?? "");
        var output = new StringWriter();

        var exit = Compare(Model(), output, "--engines", "model,leveldb", "--num", "3000", "--reps", "1", "--benchmarks", "fillrandom,readrandom,seekrandom,readmissing");

        exit.Should().Be(0, output.ToString());
        var text = output.ToString();
        text.Should().NotContain("WARNING", "the model and LevelDB find the same keys");
        text.Should().MatchRegex(@"readrandom  \| leveldb \| .*\| +1\.00× \|");
        text.Should().Contain("Engine:    leveldb: LevelDB 1.").And.Contain("compression none");
    }

    private sealed class UnorderedStore(IKeyValueStore inner) : IKeyValueStore
    {
        public byte[]? Get(ReadOnlySpan<byte> key) => inner.Get(key);

        public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null) => inner.Put(key, value, options);

        public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null) => inner.Delete(key, options);

        public void Write(WriteBatch batch, WriteOptions? options = null) => inner.Write(batch, options);

        public void Dispose() => inner.Dispose();
    }
}
