using FromScratch.Shared.IO;

namespace FromScratch.Shared.Tests;

public class FileSystemProbeTests
{
    private static readonly string[] MountTable =
    [
        "/dev/vda / ext4 rw,relatime 0 0",
        "proc /proc proc rw 0 0",
        "tmpfs /tmp tmpfs rw,nosuid 0 0",
        "/dev/vdb /data xfs rw 0 0",
        "/dev/vdc /data/my\\040disk ext4 rw 0 0",
    ];

    [Theory]
    [Trait("Step", "07")]
    [InlineData("/home/me/db", "ext4", "/dev/vda", "/", false)]
    [InlineData("/tmp/bench", "tmpfs", "tmpfs", "/tmp", true)]
    [InlineData("/tmpfoo/x", "ext4", "/dev/vda", "/", false)]
    [InlineData("/data", "xfs", "/dev/vdb", "/data", false)]
    [InlineData("/data/my disk/wal", "ext4", "/dev/vdc", "/data/my disk", false)]
    public void The_longest_mount_point_containing_the_directory_wins(
        string directory, string type, string device, string mountPoint, bool memoryBacked)
    {
        var found = FileSystemProbe.Describe(directory, MountTable);
        found.Should().Be(new FileSystemDescription(type, device, mountPoint));
        found!.IsMemoryBacked.Should().Be(memoryBacked);
    }

    [Fact]
    [Trait("Step", "07")]
    public void A_mount_stacked_on_the_same_point_hides_the_one_below() =>
        FileSystemProbe.Describe("/tmp/x", [.. MountTable, "/dev/vdd /tmp ext4 rw 0 0"])!.Type.Should().Be("ext4");

    [Fact]
    [Trait("Step", "07")]
    public void An_empty_mount_table_tells_nothing() =>
        FileSystemProbe.Describe("/tmp/x", []).Should().BeNull();

    [Fact]
    [Trait("Step", "07")]
    public void On_Linux_the_temp_directory_is_described()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("reads /proc/mounts, which only Linux has");
        }

        var found = FileSystemProbe.Describe(Path.GetTempPath());
        found.Should().NotBeNull();
        found!.MountPoint.Should().StartWith("/");
        Path.GetFullPath(Path.GetTempPath()).Should().StartWith(found.MountPoint);
    }
}
