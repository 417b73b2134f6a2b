using FromScratch.Peers.RocksDb;
using FromScratch.Shared.FileSystems;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Peers.Tests;

/// <summary>
/// The ordered contract suite against the real RocksDB, on real directories (the crash and fault
/// tests skip), with a 64 KiB write buffer so that the tests flush and compact. Skipped when RocksDB
/// is not installed.
/// </summary>
[Trait("Step", "00")]
[Trait("Peer", "RocksDB")]
public sealed class RocksDbContractTests : OrderedKeyValueStoreContractTests
{
    public RocksDbContractTests() => Assert.SkipUnless(RocksDbStore.IsAvailable, RocksDbStore.Library.UnavailableReason ?? "");

    protected override bool RequiresRealDirectory => true;

    protected override IKeyValueStore OpenStore(IFileSystem fileSystem, string directory) =>
        RocksDbStore.Open(directory, new RocksDbOptions { WriteBufferSize = 64 << 10 });
}
