namespace FromScratch.Core.Tests;

public sealed class KeyValueLogTests
{
    [Fact]
    [Trait("Step", "01")]
    public void The_last_entry_of_a_key_wins()
    {
        var log = new KeyValueLog();
        log.Append("a", "1");
        log.Append("a", "2");

        log.Get("a").Should().Be("2");
        log.Count.Should().Be(2);
    }

    [Fact]
    [Trait("Step", "01")]
    public void The_digest_folds_every_entry_in_order()
    {
        var log = new KeyValueLog();
        log.Append("a", "1");

        log.Digest().Should().Be(Checksum.Combine(0, "a=1"));
    }
}
