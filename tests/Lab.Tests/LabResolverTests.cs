namespace FromScratch.Lab.Tests;

public sealed class LabResolverTests
{
    [Theory]
    [Trait("Step", "00")]
    [InlineData("raft", "db-17", "db-18")]
    [InlineData("db-2", "db-02")]
    [InlineData("write-ahead", "db-02")]
    [InlineData("sstabel", "db-06")]
    [InlineData("wal", "db-02", "db-12")]
    public void Close_matches_name_the_labs_a_typo_or_word_points_to(string typed, params string[] expected)
    {
        LabResolver.CloseMatches(typed).Select(l => l.ShortId).Should().Contain(expected);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Unknown_lab_error_names_the_close_matches()
    {
        var act = () => LabResolver.Resolve("paxso");

        act.Should().Throw<LabCommandException>()
            .Which.Message.Should().Contain("unknown lab 'paxso'").And.Contain("db-19 (Paxos)");
    }

    [Fact]
    [Trait("Step", "00")]
    public void Unknown_lab_with_no_close_match_says_how_to_name_a_lab()
    {
        LabResolver.CloseMatches("zzzzzzzz").Should().BeEmpty();
        var act = () => LabResolver.Resolve("zzzzzzzz");

        var error = act.Should().Throw<LabCommandException>().Which;
        error.ExitCode.Should().Be(2);
        error.Message.Should().Contain("./lab list");
    }
}
