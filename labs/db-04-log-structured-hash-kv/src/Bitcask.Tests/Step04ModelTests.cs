using CsCheck;

namespace FromScratch.Bitcask.Tests;

/// <summary>
/// A model-based random test: random puts, deletes, batches, merges, reopens and crashes against a
/// dictionary, on tiny files (so rollovers and multi-file merges are frequent). Every write is
/// synced (SyncMode.GroupCommit), so after any crash the store must equal the model exactly.
/// CsCheck prints the seed of a failing case; rerun it with that seed to replay.
/// </summary>
[Trait("Step", "04")]
public sealed class Step04ModelTests
{
    private enum Kind
    {
        Put,
        Delete,
        Batch,
        Merge,
        Reopen,
        Crash,
    }

    private sealed record Op(Kind Kind, int Key, int Seed, int Length)
    {
        public override string ToString() => Kind switch
        {
            Kind.Put => $"Put(k{Key}, {Length}B)",
            Kind.Delete => $"Delete(k{Key})",
            Kind.Batch => $"Batch(put k{Key}, del k{(Key + 1) % 12}, put k{(Key + 2) % 12})",
            Kind.Crash => $"Crash(seed {Seed})",
            _ => Kind.ToString(),
        };
    }

    private static readonly Gen<Op> OpGen = Gen.Frequency(
        (10, Gen.Select(Gen.Int[0, 11], Gen.Int, Gen.Int[0, 300], (k, s, l) => new Op(Kind.Put, k, s, l))),
        (4, Gen.Int[0, 11].Select(k => new Op(Kind.Delete, k, 0, 0))),
        (2, Gen.Select(Gen.Int[0, 11], Gen.Int, (k, s) => new Op(Kind.Batch, k, s, 50))),
        (2, Gen.Const(new Op(Kind.Merge, 0, 0, 0))),
        (1, Gen.Const(new Op(Kind.Reopen, 0, 0, 0))),
        (1, Gen.Int[0, 1_000_000].Select(s => new Op(Kind.Crash, 0, s, 0))));

    [Fact]
    public void Random_writes_merges_reopens_and_crashes_match_a_dictionary()
    {
        OpGen.Array[1, 60].Sample(Run, iter: 100, threads: 1);
    }

    private static void Run(Op[] ops)
    {
        var options = new BitcaskOptions { MaxFileSize = 512, SyncMode = SyncMode.GroupCommit };
        var fs = TestData.NewSimulator();
        var store = BitcaskStore.Open(fs, TestData.Db, options);
        var model = new Dictionary<int, byte[]>();
        try
        {
            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case Kind.Put:
                        var value = TestData.Value(op.Seed, op.Length);
                        store.Put(TestData.Key(op.Key), value);
                        model[op.Key] = value;
                        break;
                    case Kind.Delete:
                        store.Delete(TestData.Key(op.Key));
                        model.Remove(op.Key);
                        break;
                    case Kind.Batch:
                        var a = TestData.Value(op.Seed, op.Length);
                        var b = TestData.Value(op.Seed + 1, op.Length);
                        int k1 = op.Key, k2 = (op.Key + 1) % 12, k3 = (op.Key + 2) % 12;
                        store.Write(new WriteBatch().Put(TestData.Key(k1), a).Delete(TestData.Key(k2)).Put(TestData.Key(k3), b));
                        model[k1] = a;
                        model.Remove(k2);
                        model[k3] = b;
                        break;
                    case Kind.Merge:
                        store.Merge();
                        store.Statistics.DeadBytes.Should().Be(0, $"a merge leaves no garbage ({string.Join(", ", ops)})");
                        break;
                    case Kind.Reopen:
                        store.Dispose();
                        store = BitcaskStore.Open(fs, TestData.Db, options);
                        break;
                    case Kind.Crash:
                        var crashed = fs.Crash(new Random(op.Seed));
                        try
                        {
                            store.Dispose();
                        }
                        catch (PowerLossException)
                        {
                        }
                        fs = crashed;
                        store = BitcaskStore.Open(fs, TestData.Db, options);
                        store.Recovery.FoundCorruption.Should().BeFalse($"a crash is not corruption ({string.Join(", ", ops)})");
                        break;
                }
                for (var key = 0; key < 12; key++)
                {
                    var expected = model.GetValueOrDefault(key);
                    var actual = store.Get(TestData.Key(key));
                    var same = expected is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(expected);
                    same.Should().BeTrue($"after {op}, key {key} should be {(expected is null ? "absent" : $"{expected.Length} bytes")} but is {(actual is null ? "absent" : $"{actual.Length} bytes")}; ops: {string.Join(", ", ops)}");
                }
                store.Statistics.Keys.Should().Be(model.Count);
            }
        }
        finally
        {
            try
            {
                store.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }
}
