using System.Text.RegularExpressions;

namespace FromScratch.Lab.Tests;

public sealed class CatalogTests
{
    [Fact]
    [Trait("Step", "00")]
    public void Catalog_has_23_labs_numbered_1_to_23_in_order()
    {
        Catalog.Labs.Should().HaveCount(23);
        Catalog.Labs.Select(l => l.Number).Should().Equal(Enumerable.Range(1, 23));
    }

    [Fact]
    [Trait("Step", "00")]
    public void Lab_ids_match_the_folder_name_pattern_and_are_unique()
    {
        var pattern = new Regex("^db-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$");
        foreach (var lab in Catalog.Labs)
        {
            pattern.IsMatch(lab.Id).Should().BeTrue($"'{lab.Id}' should look like db-NN-some-slug");
            lab.ShortId.Should().Be($"db-{lab.Number:00}");
            lab.Title.Should().NotBeNullOrWhiteSpace();
        }

        Catalog.Labs.Select(l => l.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Every_lab_belongs_to_one_of_the_five_phases_and_phases_run_in_order()
    {
        Catalog.Phases.Select(p => p.Number).Should().Equal(1, 2, 3, 4, 5);
        Catalog.Labs.Select(l => l.Phase).Should().BeInAscendingOrder();
        Catalog.Labs.Select(l => l.Phase).Distinct().Should().Equal(1, 2, 3, 4, 5);
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("2")]
    [InlineData("02")]
    [InlineData("db-02")]
    [InlineData("DB-02")]
    [InlineData("db-02-write-ahead-log")]
    [InlineData("labs/db-02-write-ahead-log/")]
    [InlineData(" db-02 ")]
    public void Find_accepts_number_short_id_and_folder(string name)
    {
        Catalog.Find(name)!.Id.Should().Be("db-02-write-ahead-log");
    }

    [Theory]
    [Trait("Step", "00")]
    [InlineData("0")]
    [InlineData("24")]
    [InlineData("db-24")]
    [InlineData("wal")]
    [InlineData("")]
    [InlineData("-2")]
    public void Find_returns_null_for_names_of_no_lab(string name)
    {
        Catalog.Find(name).Should().BeNull();
    }
}
