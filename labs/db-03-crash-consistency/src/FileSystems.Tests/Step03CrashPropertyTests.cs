using CsCheck;
using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>
/// Step 03, property-based: random write/set-length/sync sequences on one file, crashed with random
/// knobs and seeds, checked against a plain model of durable bytes and unsynced changes kept by the
/// test itself. CsCheck prints the seed of a failing case.
/// </summary>
[Trait("Step", "03")]
public sealed class Step03CrashPropertyTests
{
    private const string File = "/db/f";

    /// <summary>One generated operation: 0-4 write, 5 append, 6 set-length, 7 sync.</summary>
    private static readonly Gen<(int Kind, int Offset, int Length)> Operation =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 3000], Gen.Int[1, 1100]);

    private static readonly Gen<CrashModel> Model =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.OneOfConst(1, 64, 512))
            .Select((torn, reordered, lengthFirst, sector) => new CrashModel
            {
                TornWrites = torn,
                ReorderedWrites = reordered,
                LengthBeforeData = lengthFirst,
                SectorSize = sector,
            });

    [Fact]
    public void Every_byte_of_a_crashed_file_was_durable_or_written_or_is_zero()
    {
        Gen.Select(Model, Operation.List[1, 25], Gen.Int).Sample((model, operations, seed) =>
        {
            var run = Run(model, operations);
            var crashed = run.FileSystem.Crash(new Random(seed)).ReadAllBytes(File);

            var lengths = run.Unsynced.Select(c => c.LengthAfter).Append(run.Durable.Length);
            if (crashed.Length > lengths.Max())
            {
                return false;
            }

            var zerosFrom = run.Unsynced.Where(c => c.Data is null).Select(c => c.LengthAfter).Append(run.Durable.Length).Min();
            for (var o = 0; o < crashed.Length; o++)
            {
                var b = crashed[o];
                var allowed = (o < run.Durable.Length && run.Durable[o] == b)
                    || (b == 0 && o >= zerosFrom)
                    || run.Unsynced.Any(c => c.Data is { } d && o >= c.Offset && o < c.Offset + d.Length && d[o - c.Offset] == b);
                if (!allowed)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void With_every_knob_off_a_crash_keeps_a_prefix_of_the_unsynced_changes()
    {
        var strict = new CrashModel { TornWrites = false, ReorderedWrites = false, LengthBeforeData = false, OrderedOverwrites = true };
        Gen.Select(Operation.List[1, 25], Gen.Int).Sample((operations, seed) =>
        {
            var run = Run(strict, operations);
            var crashed = run.FileSystem.Crash(new Random(seed)).ReadAllBytes(File);

            var content = new List<byte>(run.Durable);
            var prefixes = new List<byte[]> { content.ToArray() };
            foreach (var change in run.Unsynced)
            {
                Apply(content, change);
                prefixes.Add(content.ToArray());
            }

            return prefixes.Any(p => p.AsSpan().SequenceEqual(crashed));
        });
    }

    private static void Apply(List<byte> content, ModelChange change)
    {
        if (change.Data is null)
        {
            Resize(content, (int)change.LengthAfter);
            return;
        }

        if (content.Count < change.Offset + change.Data.Length)
        {
            Resize(content, change.Offset + change.Data.Length);
        }

        for (var i = 0; i < change.Data.Length; i++)
        {
            content[change.Offset + i] = change.Data[i];
        }
    }

    private static void Resize(List<byte> content, int length)
    {
        if (length < content.Count)
        {
            content.RemoveRange(length, content.Count - length);
        }
        else
        {
            content.AddRange(new byte[length - content.Count]);
        }
    }

    /// <summary>Runs the operations on a fresh simulator and on the test's own model; returns both.</summary>
    private static ModelRun Run(CrashModel model, List<(int Kind, int Offset, int Length)> operations)
    {
        var fileSystem = SimFiles.WithDirectory(model: model);
        SimFiles.CreateDurable(fileSystem, File, "");
        var volatileContent = new List<byte>();
        var durable = new List<byte>();
        var unsynced = new List<ModelChange>();
        using (var file = fileSystem.OpenFile(File, FileOpenMode.OpenExisting))
        {
            var fill = 1;
            foreach (var (kind, offset, length) in operations)
            {
                switch (kind)
                {
                    case 7:
                        file.Sync();
                        durable = [.. volatileContent];
                        unsynced.Clear();
                        break;
                    case 6:
                        file.SetLength(offset);
                        var resize = new ModelChange(0, null, offset);
                        Apply(volatileContent, resize);
                        unsynced.Add(resize);
                        break;
                    default:
                        var data = Enumerable.Range(0, length).Select(i => (byte)(fill + (i % 7))).ToArray();
                        fill = (fill + 7) % 240;
                        var at = kind == 5 ? file.Append(data) : offset;
                        if (kind != 5)
                        {
                            file.Write(data, at);
                        }

                        var write = new ModelChange((int)at, data, Math.Max(volatileContent.Count, at + length));
                        Apply(volatileContent, write);
                        unsynced.Add(write);
                        break;
                }
            }

            SimFiles.ReadAll(file).Should().Equal(volatileContent, "reads see every write");
        }

        return new ModelRun(fileSystem, [.. durable], unsynced);
    }

    private sealed record ModelChange(int Offset, byte[]? Data, long LengthAfter);

    private sealed record ModelRun(SimulatedFileSystem FileSystem, byte[] Durable, List<ModelChange> Unsynced);
}
