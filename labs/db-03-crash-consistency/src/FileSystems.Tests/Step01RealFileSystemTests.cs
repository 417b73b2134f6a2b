using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>The contract on the operating system's file system, in a fresh temporary directory.</summary>
[Trait("Step", "01")]
public sealed class Step01RealFileSystemTests : FileSystemContractTests, IDisposable
{
    private readonly TempDirectory _directory = new("fs-contract");

    protected override IFileSystem FileSystem => RealFileSystem.Instance;

    protected override string Root => _directory.PathName;

    public void Dispose() => _directory.Dispose();
}
