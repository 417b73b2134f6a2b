namespace FromScratch.Lab.Tests.Starter;

public sealed class ImplFoldersTests
{
    [Theory]
    [Trait("Step", "00")]
    [InlineData("/tmp/l1s/db02/Wal/Wal.csproj", "1978214551")]
    [InlineData("/tmp/l1-snap/labs/db-02-write-ahead-log/src/Wal/Wal.csproj", "1076685993")]
    public void The_key_is_the_one_msbuild_gives_the_impl_folders(string path, string key)
    {
        // Observed: dotnet test -p:LabImplementation=<path> built into Wal.Tests/bin/impl-<key>.
        ImplFolders.Key(path).Should().Be(key);
    }
}
