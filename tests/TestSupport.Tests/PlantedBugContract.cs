using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>
/// The contract suite against <see cref="LoggedInMemoryStore"/> built with a planted bug. Internal, so
/// xunit does not discover it (its tests are meant to fail); <see cref="PlantedBugTests"/> runs its
/// test methods one by one and expects the failures.
/// </summary>
internal sealed class PlantedBugContract(PlantedBug bug) : OrderedKeyValueStoreContractTests
{
    protected override IKeyValueStore OpenStore(IFileSystem fileSystem, string directory) =>
        new LoggedInMemoryStore(fileSystem, directory, bug);
}
