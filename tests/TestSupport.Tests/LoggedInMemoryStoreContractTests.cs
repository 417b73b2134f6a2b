using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>The whole ordered contract suite against a correct store: the suite's own green baseline.</summary>
[Trait("Step", "00")]
public sealed class LoggedInMemoryStoreContractTests : OrderedKeyValueStoreContractTests
{
    protected override IKeyValueStore OpenStore(IFileSystem fileSystem, string directory) =>
        new LoggedInMemoryStore(fileSystem, directory);
}
