using FromScratch.TestSupport.KeyValue;

namespace FromScratch.Bitcask.Tests;

/// <summary>The <see cref="IKeyValueStore"/> contract suite (tests/TestSupport) run against Bitcask, with small files so that rollovers happen too.</summary>
[Trait("Step", "02")]
public sealed class Step02ContractTests : KeyValueStoreContractTests
{
    protected override IKeyValueStore OpenStore(IFileSystem fileSystem, string directory) =>
        BitcaskStore.Open(fileSystem, directory, new BitcaskOptions { MaxFileSize = 64 * 1024 });
}
