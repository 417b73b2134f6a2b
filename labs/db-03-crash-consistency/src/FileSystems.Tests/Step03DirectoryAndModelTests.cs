using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>
/// Step 03: directory entries are durable only after SyncDirectory, and each knob of the crash
/// model changes what a crash may do. Each knob is shown both ways over a fixed range of seeds: the
/// behaviour appears with the knob on and never with it off.
/// </summary>
[Trait("Step", "03")]
public sealed class Step03DirectoryAndModelTests
{
    private const int Seeds = 300;
    private const int Sector = 512;

    private static readonly CrashModel Strict = new()
    {
        TornWrites = false,
        ReorderedWrites = false,
        LengthBeforeData = false,
        ReorderedDirectoryOperations = false,
        OrderedOverwrites = true,
    };

    private static IEnumerable<SimulatedFileSystem> Outcomes(SimulatedFileSystem fileSystem) =>
        Enumerable.Range(0, Seeds).Select(seed => fileSystem.Crash(new Random(seed)));

    // ---- directory entries ---------------------------------------------------------------------

    [Fact]
    public void Created_file_without_directory_sync_may_vanish()
    {
        var fileSystem = SimFiles.WithDirectory();
        using (var file = fileSystem.OpenFile("/db/a", FileOpenMode.CreateNew))
        {
            file.Append("data"u8);
            file.Sync();
        }

        fileSystem.CrashLosingAllUnsynced().FileExists("/db/a").Should().BeFalse("the file's data is durable, its name is not");
        fileSystem.CrashKeepingAllUnsynced().FileExists("/db/a").Should().BeTrue();
        Outcomes(fileSystem).Select(o => o.FileExists("/db/a")).Should().Contain(true).And.Contain(false);
    }

    [Fact]
    public void Created_file_with_file_and_directory_synced_survives_every_crash()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, "/db/a", "data");

        Outcomes(fileSystem).Append(fileSystem.CrashLosingAllUnsynced())
            .Should().AllSatisfy(o => SimFiles.Text(o, "/db/a").Should().Be("data"));
    }

    [Fact]
    public void Rename_without_directory_sync_may_be_undone()
    {
        static SimulatedFileSystem Renamed(bool syncDirectory)
        {
            var fileSystem = SimFiles.WithDirectory();
            SimFiles.CreateDurable(fileSystem, "/db/CURRENT", "old");
            SimFiles.CreateDurable(fileSystem, "/db/CURRENT.tmp", "new");
            fileSystem.RenameFile("/db/CURRENT.tmp", "/db/CURRENT");
            if (syncDirectory)
            {
                fileSystem.SyncDirectory("/db");
            }

            return fileSystem;
        }

        SimFiles.Snapshot(Renamed(syncDirectory: false).CrashLosingAllUnsynced(), "/db").Should().Equal(new SortedDictionary<string, string>
        {
            [Path.GetFullPath("/db/CURRENT")] = "old",
            [Path.GetFullPath("/db/CURRENT.tmp")] = "new",
        });
        SimFiles.Snapshot(Renamed(syncDirectory: true).CrashLosingAllUnsynced(), "/db").Should().Equal(new SortedDictionary<string, string>
        {
            [Path.GetFullPath("/db/CURRENT")] = "new",
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rename_is_never_half_done(bool reorderedDirectoryOperations)
    {
        var fileSystem = SimFiles.WithDirectory(model: CrashModel.Pessimistic with { ReorderedDirectoryOperations = reorderedDirectoryOperations });
        SimFiles.CreateDurable(fileSystem, "/db/CURRENT", "old");
        SimFiles.CreateDurable(fileSystem, "/db/CURRENT.tmp", "new");
        fileSystem.OpenFile("/db/other", FileOpenMode.CreateNew).Dispose();
        fileSystem.RenameFile("/db/CURRENT.tmp", "/db/CURRENT");
        fileSystem.DeleteFile("/db/other");

        var states = Outcomes(fileSystem)
            .Select(o => (Tmp: o.FileExists("/db/CURRENT.tmp"), Current: SimFiles.Text(o, "/db/CURRENT")))
            .ToHashSet();

        states.Should().BeEquivalentTo([(true, "old"), (false, "new")], "the rename happened whole or not at all");
    }

    [Fact]
    public void Rename_across_directories_is_durable_only_once_both_directories_are_synced()
    {
        // IFileSystem's contract, and POSIX: a rename changes two directories, and each must be
        // synced. Syncing one leaves the rename pending: a crash keeps it whole or not at all.
        static SimulatedFileSystem RenameThenSync(params string[] synced)
        {
            var fileSystem = SimFiles.WithDirectory("/db/a");
            fileSystem.CreateDirectory("/db/b");
            fileSystem.SyncDirectory("/db");
            SimFiles.CreateDurable(fileSystem, "/db/a/f", "data");
            fileSystem.RenameFile("/db/a/f", "/db/b/f");
            foreach (var directory in synced)
            {
                fileSystem.SyncDirectory(directory);
            }

            return fileSystem;
        }

        foreach (var (first, second) in new[] { ("/db/a", "/db/b"), ("/db/b", "/db/a") })
        {
            var half = RenameThenSync(first).CrashLosingAllUnsynced();
            SimFiles.Text(half, "/db/a/f").Should().Be("data", $"after syncing only {first} the rename is not durable");
            half.FileExists("/db/b/f").Should().BeFalse();
            Outcomes(RenameThenSync(first)).Select(o => (o.FileExists("/db/a/f"), o.FileExists("/db/b/f"))).ToHashSet()
                .Should().BeEquivalentTo([(true, false), (false, true)], "a pending rename survives whole or not at all");

            var after = RenameThenSync(first, second).CrashLosingAllUnsynced();
            after.FileExists("/db/a/f").Should().BeFalse($"after syncing {first} then {second} the rename is durable");
            SimFiles.Text(after, "/db/b/f").Should().Be("data");
        }
    }

    [Fact]
    public void Durable_rename_is_never_undone_by_an_older_operation_on_its_target_name()
    {
        // Older pending operations on the target name: a create of /db/b/f, or a rename of the file
        // there away to /db/c, which syncing /db/a and /db/b does not make durable by itself (its
        // /db/c half is not synced); yet a crash that keeps it must not replace or drop the file the
        // durable rename put at /db/b/f.
        foreach (var older in new[] { "create", "rename-away" })
        {
            var fileSystem = SimFiles.WithDirectory("/db/a");
            fileSystem.CreateDirectory("/db/b");
            fileSystem.CreateDirectory("/db/c");
            fileSystem.SyncDirectory("/db");
            SimFiles.CreateDurable(fileSystem, "/db/a/f", "new");
            if (older == "create")
            {
                using (fileSystem.OpenFile("/db/b/f", FileOpenMode.CreateNew))
                {
                }
            }
            else
            {
                SimFiles.CreateDurable(fileSystem, "/db/b/f", "old");
                fileSystem.RenameFile("/db/b/f", "/db/c/f");
            }

            fileSystem.RenameFile("/db/a/f", "/db/b/f");
            fileSystem.SyncDirectory("/db/a");
            fileSystem.SyncDirectory("/db/b");

            var outcomes = Outcomes(fileSystem).Append(fileSystem.CrashLosingAllUnsynced()).Append(fileSystem.CrashKeepingAllUnsynced());
            outcomes.Should().AllSatisfy(o => SimFiles.Text(o, "/db/b/f").Should().Be("new", $"the rename is durable (older operation: {older})"));
            if (older == "rename-away")
            {
                outcomes.Should().AllSatisfy(o => SimFiles.Text(o, "/db/c/f").Should().Be("old", "the file renamed away from the target name went somewhere"));
            }
        }
    }

    [Fact]
    public void Delete_without_directory_sync_may_be_undone()
    {
        static SimulatedFileSystem Deleted(bool syncDirectory)
        {
            var fileSystem = SimFiles.WithDirectory();
            SimFiles.CreateDurable(fileSystem, "/db/old.log", "records");
            fileSystem.DeleteFile("/db/old.log");
            if (syncDirectory)
            {
                fileSystem.SyncDirectory("/db");
            }

            return fileSystem;
        }

        SimFiles.Text(Deleted(syncDirectory: false).CrashLosingAllUnsynced(), "/db/old.log").Should().Be("records");
        Deleted(syncDirectory: false).CrashKeepingAllUnsynced().FileExists("/db/old.log").Should().BeFalse();
        Deleted(syncDirectory: true).CrashLosingAllUnsynced().FileExists("/db/old.log").Should().BeFalse();
    }

    [Fact]
    public void New_directory_needs_its_parent_synced_to_survive()
    {
        static SimulatedFileSystem Created(bool syncParent)
        {
            var fileSystem = new SimulatedFileSystem();
            fileSystem.CreateDirectory("/db");
            SimFiles.CreateDurable(fileSystem, "/db/a", "data");
            if (syncParent)
            {
                fileSystem.SyncDirectory("/");
            }

            return fileSystem;
        }

        Created(syncParent: false).CrashLosingAllUnsynced().DirectoryExists("/db").Should().BeFalse("only /db itself was synced, not /");
        SimFiles.Text(Created(syncParent: true).CrashLosingAllUnsynced(), "/db/a").Should().Be("data");
    }

    [Fact]
    public void Reordered_directory_operations_never_drop_a_file_that_no_surviving_operation_removed()
    {
        // Reordering lets independent operations survive in any combination, but operations on the
        // same name stay in order: a create at /db/x cannot survive without the earlier rename that
        // moved the durable file away from /db/x, or the durable file would vanish from both names.
        var fileSystem = SimFiles.WithDirectory(model: CrashModel.Pessimistic with { ReorderedDirectoryOperations = true });
        SimFiles.CreateDurable(fileSystem, "/db/x", "old");
        fileSystem.RenameFile("/db/x", "/db/y");
        fileSystem.OpenFile("/db/x", FileOpenMode.CreateNew).Dispose();

        var outcomes = Outcomes(fileSystem).ToList();
        outcomes.Should().AllSatisfy(o =>
            new[] { "/db/x", "/db/y" }.Count(p => o.FileExists(p) && SimFiles.Text(o, p) == "old").Should().Be(1, "the durable file is at one of its names"));
        outcomes.Select(o => o.FileExists("/db/y")).Should().Contain(true).And.Contain(false);
    }

    [Fact]
    public void SyncDirectory_makes_only_its_own_entries_durable()
    {
        var fileSystem = SimFiles.WithDirectory("/db/a");
        fileSystem.CreateDirectory("/db/b");
        fileSystem.SyncDirectory("/db");
        fileSystem.OpenFile("/db/b/y", FileOpenMode.CreateNew).Dispose();
        fileSystem.OpenFile("/db/a/x", FileOpenMode.CreateNew).Dispose();

        fileSystem.SyncDirectory("/db/a");

        var after = fileSystem.CrashLosingAllUnsynced();
        after.FileExists("/db/a/x").Should().BeTrue();
        after.FileExists("/db/b/y").Should().BeFalse();
    }

    [Fact]
    public void Unlinked_file_kept_open_is_gone_after_a_crash()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, "/db/tmp", "x");
        using var file = fileSystem.OpenFile("/db/tmp", FileOpenMode.OpenExisting);
        fileSystem.DeleteFile("/db/tmp");
        fileSystem.SyncDirectory("/db");
        file.Append("more"u8);
        file.Sync();

        Outcomes(fileSystem).Append(fileSystem.CrashKeepingAllUnsynced())
            .Should().AllSatisfy(o => o.ListDirectory("/db").Should().BeEmpty());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Directory_operations_survive_as_an_in_order_prefix_unless_reordered(bool reordered)
    {
        var fileSystem = SimFiles.WithDirectory(model: CrashModel.Pessimistic with { ReorderedDirectoryOperations = reordered });
        var names = new[] { "1", "2", "3", "4", "5" };
        foreach (var name in names)
        {
            fileSystem.OpenFile("/db/" + name, FileOpenMode.CreateNew).Dispose();
        }

        var survivors = Outcomes(fileSystem).Select(o => string.Concat(o.ListDirectory("/db"))).ToHashSet();

        var prefixes = Enumerable.Range(0, 6).Select(n => string.Concat(names.Take(n)));
        if (reordered)
        {
            survivors.Should().Contain(s => !prefixes.Contains(s), "a later create may survive an earlier lost one");
        }
        else
        {
            survivors.Should().BeEquivalentTo(prefixes);
        }
    }

    // ---- file data knobs -----------------------------------------------------------------------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Torn_write_keeps_some_sectors_of_an_unsynced_write(bool torn)
    {
        var fileSystem = SimFiles.WithDirectory(model: Strict with { TornWrites = torn, ReorderedWrites = true });
        SimFiles.CreateDurable(fileSystem, "/db/pages", new string('-', 4 * Sector));
        using (var file = fileSystem.OpenFile("/db/pages", FileOpenMode.OpenExisting))
        {
            file.Write(Enumerable.Repeat((byte)'A', 4 * Sector).ToArray(), 0);
        }

        var sectorPatterns = Outcomes(fileSystem)
            .Select(o => SimFiles.Text(o, "/db/pages"))
            .Select(text => string.Concat(Enumerable.Range(0, 4).Select(s => text.Substring(s * Sector, Sector).Distinct().Single())))
            .ToHashSet();

        // Each sector is all old or all new (Single() above): the unit of tearing is the sector.
        var mixed = sectorPatterns.Where(p => p.Contains('A') && p.Contains('-'));
        if (torn)
        {
            mixed.Should().NotBeEmpty();
        }
        else
        {
            mixed.Should().BeEmpty();
            sectorPatterns.Should().BeEquivalentTo(["----", "AAAA"]);
        }
    }

    [Fact]
    public void Tearing_follows_sector_boundaries_of_the_file_not_of_the_write()
    {
        var fileSystem = SimFiles.WithDirectory(model: Strict with { TornWrites = true, SectorSize = 4 });
        SimFiles.CreateDurable(fileSystem, "/db/f", "............");
        using (var file = fileSystem.OpenFile("/db/f", FileOpenMode.OpenExisting))
        {
            file.Write("abcdefgh"u8, 2);
        }

        var outcomes = Outcomes(fileSystem).Select(o => SimFiles.Text(o, "/db/f")).ToHashSet();

        // The write covers sectors [0,4) [4,8) [8,12) in part: its pieces are [2,4) "ab", [4,8) "cdef"
        // and [8,10) "gh", each kept or lost on its own, never split further.
        outcomes.Should().BeEquivalentTo(
        [
            "............", "..ab........", "....cdef....", "........gh..",
            "..abcdef....", "..ab....gh..", "....cdefgh..", "..abcdefgh..",
        ]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Torn_write_grows_the_file_by_a_sector_prefix_of_its_growth_unless_length_goes_first(bool lengthBeforeData)
    {
        var fileSystem = SimFiles.WithDirectory(model: Strict with { TornWrites = true, ReorderedWrites = true, LengthBeforeData = lengthBeforeData });
        SimFiles.CreateDurable(fileSystem, "/db/LOG", new string('-', 2 * Sector));
        using (var file = fileSystem.OpenFile("/db/LOG", FileOpenMode.OpenExisting))
        {
            file.Write(Enumerable.Repeat((byte)'A', 3 * Sector).ToArray(), Sector);
        }

        // One letter per sector: '-' old, 'A' new, '0' zeros.
        var patterns = Outcomes(fileSystem)
            .Select(o => SimFiles.Text(o, "/db/LOG"))
            .Select(text => string.Concat(Enumerable.Range(0, text.Length / Sector).Select(s => text.Substring(s * Sector, Sector).Distinct().Single() switch
            {
                '\0' => '0',
                var c => c,
            })))
            .ToHashSet();

        if (lengthBeforeData)
        {
            patterns.Should().Contain(p => p.Length == 4 && p.Contains('0'), "the length may reach the disk before the data");
        }
        else
        {
            // Sector 1 was inside the file and tears on its own; sectors 2-3 grew it: a prefix of them
            // survives (the file may end inside the write), never sector 3 without sector 2.
            patterns.Should().BeEquivalentTo(["--", "-A", "--A", "-AA", "--AA", "-AAA"]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reordered_writes_let_a_later_write_survive_an_earlier_lost_one(bool reordered)
    {
        var fileSystem = SimFiles.WithDirectory(model: Strict with { ReorderedWrites = reordered });
        SimFiles.CreateDurable(fileSystem, "/db/f", "....");
        using (var file = fileSystem.OpenFile("/db/f", FileOpenMode.OpenExisting))
        {
            file.Write("1"u8, 0);
            file.Write("2"u8, 1);
            file.Write("3"u8, 2);
        }

        var outcomes = Outcomes(fileSystem).Select(o => SimFiles.Text(o, "/db/f")).ToHashSet();

        if (reordered)
        {
            outcomes.Should().Contain(".2..").And.Contain("1.3.");
        }
        else
        {
            outcomes.Should().BeEquivalentTo(["....", "1...", "12..", "123."]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Length_before_data_leaves_an_appended_range_reading_zeros(bool lengthBeforeData)
    {
        var fileSystem = SimFiles.WithDirectory(model: Strict with { LengthBeforeData = lengthBeforeData });
        SimFiles.CreateDurable(fileSystem, "/db/LOG", "rec0;");
        using (var file = fileSystem.OpenFile("/db/LOG", FileOpenMode.OpenExisting))
        {
            file.Append("rec1;"u8);
        }

        var outcomes = Outcomes(fileSystem).Select(o => SimFiles.Text(o, "/db/LOG")).ToHashSet();

        if (lengthBeforeData)
        {
            outcomes.Should().BeEquivalentTo(["rec0;", "rec0;rec1;", "rec0;\0\0\0\0\0"]);
        }
        else
        {
            outcomes.Should().BeEquivalentTo(["rec0;", "rec0;rec1;"]);
        }
    }

    [Theory]
    [InlineData("pessimistic")]
    [InlineData("ext4-ordered")]
    public void A_multi_sector_append_can_leave_the_file_ending_inside_it(string preset)
    {
        // ALICE (OSDI '14): a large append persists in part. The file then ends in the middle of a
        // record, at a sector boundary: with the length ordered after the data (ext4 data=ordered)
        // every byte up to that end is the record's; when the length may go first, zeros may appear.
        var model = preset == "pessimistic" ? CrashModel.Pessimistic : CrashModel.Ext4Ordered;
        var fileSystem = SimFiles.WithDirectory(model: model);
        SimFiles.CreateDurable(fileSystem, "/db/LOG", "");
        using (var file = fileSystem.OpenFile("/db/LOG", FileOpenMode.OpenExisting))
        {
            file.Append(Enumerable.Repeat((byte)'A', 8 * Sector).ToArray());
        }

        var outcomes = Enumerable.Range(0, 2000).Select(seed => SimFiles.Text(fileSystem.Crash(new Random(seed)), "/db/LOG")).ToList();
        var cutInside = outcomes.Where(t => t.Length > 0 && t.Length < 8 * Sector).ToList();

        cutInside.Should().NotBeEmpty("a crash can keep part of one append");
        cutInside.Should().OnlyContain(t => t.Length % Sector == 0, "the cut falls on a sector boundary");
        if (preset == "ext4-ordered")
        {
            cutInside.Should().OnlyContain(t => t.All(c => c == 'A'), "the length never covers data that was not written");
        }
    }

    [Fact]
    public void A_large_torn_write_survives_whole_or_not_at_all_often_enough_to_sample()
    {
        // With one coin per sector, a write of 128 sectors would survive whole with odds 2^-128.
        // A torn write survives in one of four shapes (none, all, a prefix, each sector on its own),
        // so random sampling covers both ends.
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, "/db/f", new string('.', 128 * Sector));
        using (var file = fileSystem.OpenFile("/db/f", FileOpenMode.OpenExisting))
        {
            file.Write(Enumerable.Repeat((byte)'A', 128 * Sector).ToArray(), 0);
        }

        var outcomes = Enumerable.Range(0, 400).Select(seed => SimFiles.Text(fileSystem.Crash(new Random(seed)), "/db/f")).ToList();

        outcomes.Count(t => t.All(c => c == 'A')).Should().BeGreaterThan(40, "the whole write survived in about a quarter of the crashes");
        outcomes.Count(t => t.All(c => c == '.')).Should().BeGreaterThan(40, "none of it survived in about a quarter");
        outcomes.Should().Contain(t => t.Contains('A') && t.Contains('.'), "and in part in the others");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ordered_mode_orders_length_changes_and_overwrites_only_as_an_option(bool orderedOverwrites)
    {
        var fileSystem = SimFiles.WithDirectory(model: Strict with { OrderedOverwrites = orderedOverwrites });
        SimFiles.CreateDurable(fileSystem, "/db/f", "....");
        using (var file = fileSystem.OpenFile("/db/f", FileOpenMode.OpenExisting))
        {
            file.Write("1"u8, 0);
            file.Write("2"u8, 1);
            file.Append("xy"u8);
        }

        var outcomes = Outcomes(fileSystem).Select(o => SimFiles.Text(o, "/db/f")).ToHashSet();

        if (orderedOverwrites)
        {
            outcomes.Should().BeEquivalentTo(["....", "1...", "12..", "12..xy"], "every change persists as a prefix in issue order");
        }
        else
        {
            // ext4 data=ordered: the journal orders the append (a length change) but not the two
            // overwrites of existing blocks, which reach the disk each on its own.
            outcomes.Should().Contain(".2..", "a later overwrite survives an earlier lost one");
            outcomes.Should().Contain("....xy", "the append survives without the overwrites before it");
            outcomes.Should().OnlyContain(t => t.Length == 4 || t.EndsWith("xy", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void An_overwrite_never_brings_back_a_range_whose_length_change_the_crash_lost()
    {
        // ext4 data=ordered: "xyz" is appended (a length change the journal orders), then its last
        // byte is overwritten in place. A crash that loses the append keeps the old length; the
        // overwrite, a data write into a range that length does not cover, must not bring the range
        // back with zeros before it ("....\0\0Z", which a simulator that let overwrites grow the file
        // produced: no byte of a file may read as zero inside a length its data did not reach).
        var fileSystem = SimFiles.WithDirectory(model: Strict with { OrderedOverwrites = false });
        SimFiles.CreateDurable(fileSystem, "/db/f", "....");
        using (var file = fileSystem.OpenFile("/db/f", FileOpenMode.OpenExisting))
        {
            file.Append("xyz"u8);
            file.Write("Z"u8, 6);
        }

        var outcomes = Outcomes(fileSystem).Select(o => SimFiles.Text(o, "/db/f")).ToHashSet();

        outcomes.Should().BeEquivalentTo(["....", "....xyz", "....xyZ"]);
    }

    [Fact]
    public void Presets_are_the_documented_knob_settings()
    {
        CrashModel.Pessimistic.Should().Be(new CrashModel());
        CrashModel.Pessimistic.Should().BeEquivalentTo(new
        {
            SectorSize = 512,
            TornWrites = true,
            ReorderedWrites = true,
            LengthBeforeData = true,
            ReorderedDirectoryOperations = false,
            OrderedOverwrites = false,
        });
        CrashModel.Ext4Ordered.Should().BeEquivalentTo(new
        {
            SectorSize = 512,
            TornWrites = true,
            ReorderedWrites = false,
            LengthBeforeData = false,
            ReorderedDirectoryOperations = false,
            OrderedOverwrites = false,
        });
        new SimulatedFileSystem().Model.Should().Be(CrashModel.Pessimistic);
    }
}
