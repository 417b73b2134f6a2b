namespace FromScratch.Lab.Tests;

public sealed class TestCounterTests
{
    [Fact]
    [Trait("Step", "00")]
    public void Counts_facts_and_theories_in_every_attribute_form()
    {
        const string Source = """
            public sealed class T
            {
                [Fact]
                public void A() { }

                [Fact(Skip = "later")]
                public void B() { }

                [Theory]
                [InlineData(1)]
                [InlineData(2)]
                public void C(int x) { }

                [Trait("Step", "01"), Fact]
                public void D() { }

                [Xunit.FactAttribute]
                public void E() { }
            }
            """;

        TestCounter.CountInSource(Source).Should().Be(5);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Ignores_commented_out_tests_and_lookalike_names()
    {
        const string Source = """
            // [Fact]
            public void A() { } // [Theory]
            [FactoryMethod]
            [TheoryData]
            var facts = new[] { "Fact" };
            """;

        TestCounter.CountInSource(Source).Should().Be(0);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Counts_a_project_s_sources_but_not_its_bin_and_obj()
    {
        using var repo = new TempRepository();
        repo.Write("P.Tests/P.Tests.csproj", "<Project />");
        repo.Write("P.Tests/ATests.cs", "[Fact] void A() {}\n[Fact] void B() {}\n");
        repo.Write("P.Tests/Sub/BTests.cs", "[Theory] void C(int x) {}\n");
        repo.Write("P.Tests/obj/Generated.cs", "[Fact] void Generated() {}\n");
        repo.Write("P.Tests/bin/Copied.cs", "[Fact] void Copied() {}\n");

        TestCounter.CountInProject(repo.PathOf("P.Tests/P.Tests.csproj")).Should().Be(3);
    }
}
