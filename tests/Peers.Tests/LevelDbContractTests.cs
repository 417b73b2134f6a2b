using FromScratch.Peers.LevelDb;
using FromScratch.Shared.FileSystems;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Peers.Tests;

/// <summary>
/// The ordered contract suite against the real LevelDB, on real directories (the crash and fault
/// tests skip: LevelDB's I/O does not go through the simulator). A 64 KiB write buffer (LevelDB's
/// minimum) makes even these small tests flush memtables to tables and compact, so iterators and
/// snapshots are checked across tables, not just the memtable. Skipped when LevelDB is not installed.
/// </summary>
[Trait("Step", "00")]
[Trait("Peer", "LevelDB")]
public sealed class LevelDbContractTests : OrderedKeyValueStoreContractTests
{
    public LevelDbContractTests() => Assert.SkipUnless(LevelDbStore.IsAvailable, LevelDbStore.Library.UnavailableReason ?? "");

    protected override bool RequiresRealDirectory => true;

    protected override IKeyValueStore OpenStore(IFileSystem fileSystem, string directory) =>
        LevelDbStore.Open(directory, new LevelDbOptions { WriteBufferSize = 64 << 10 });
}
