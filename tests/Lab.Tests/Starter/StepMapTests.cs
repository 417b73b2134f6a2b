using FromScratch.Lab.Starter;

namespace FromScratch.Lab.Tests.Starter;

public sealed class StepMapTests
{
    private static readonly StepRef One = new("01", "labs/x/steps/01-a.md");
    private static readonly StepRef Two = new("02", "labs/x/steps/02-b.md");
    private static readonly StepRef Three = new("03", "labs/x/steps/03-c.md");

    [Fact]
    [Trait("Step", "00")]
    public void A_type_belongs_to_the_first_step_whose_reference_paragraph_names_it_or_its_file()
    {
        var map = StepMap.FromTexts(
        [
            (One, "# Step 01\n\n## Design\n\nStub `LogReader` and `LogRecovery` for now.\n\n## Key code\n\nReference: `src/Wal/LogWriter.cs` (`LogWriter`),\n`RecordType`.\n\n## Tests that prove it\n\n`LogReader` again.\n"),
            (Two, "## Key code\n\nReference: `src/Wal/LogReader.cs`, type `LogReader` (`TryReadRecord`).\n"),
            (Three, "## Key code\n\nReference: `src/Wal/LogReader.cs` (`LogReader.ReadPhysicalRecord`), `LogRecovery.cs`.\n"),
        ]);

        map.ForType("LogWriter", "LogWriter.cs").Should().Be(One);
        map.ForType("RecordType", "RecordType.cs").Should().Be(One);
        map.ForType("LogReader", "LogReader.cs").Should().Be(Two, "step 01 only mentions it outside its Key code section");
        map.ForType("LogRecovery", "LogRecovery.cs").Should().Be(Three, "named by its file");
        map.ForType("WalOptions", "WalOptions.cs").Should().BeNull();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Code_blocks_count_for_the_types_they_declare_not_for_the_types_they_use()
    {
        var map = StepMap.FromTexts(
        [
            (One, "## Key code\n\n```csharp\npublic sealed class PageFile : IDisposable\n{\n    public static PageFile Create(string path);   // on RealFileSystem.Instance\n}\npublic readonly record struct LogCorruption(long Offset);\n```\n"),
        ]);

        map.ForType("PageFile", null).Should().Be(One);
        map.ForType("LogCorruption", null).Should().Be(One);
        map.ForType("RealFileSystem", null).Should().BeNull("the example uses it; the step does not build it");
    }

    [Fact]
    [Trait("Step", "00")]
    public void A_member_belongs_to_the_step_of_its_type_and_a_qualified_name_names_the_type_too()
    {
        var map = StepMap.FromTexts(
        [
            (One, "## Key code\n\nReference: `Writer`.\n"),
            (Two, "## Key code\n\nReference: `Writer.Flush`, `Reader.Peek`.\n"),
            (Three, "## Key code\n\nReference: `Reader.Read`.\n"),
        ]);

        map.ForMember("Writer", "Flush", null).Should().Be(One, "the type came first");
        map.ForType("Reader", null).Should().Be(Two);
        map.ForMember("Reader", "Read", null).Should().Be(Two);
        map.ForMember("Reader", "Close", null).Should().Be(Two);
    }

    [Fact]
    [Trait("Step", "00")]
    public void Without_a_reference_paragraph_every_inline_code_span_of_the_key_code_section_counts()
    {
        var map = StepMap.FromTexts([(One, "## Key code\n\nThe writer is `Writer`, in `Writer.cs`.\n\n## What to observe\n\n`Other`\n")]);

        map.ForType("Writer", null).Should().Be(One);
        map.ForType("Other", null).Should().BeNull();
    }

    [Fact]
    [Trait("Step", "00")]
    public void Load_reads_the_lab_steps_in_order_with_paths_from_the_repository_root()
    {
        using var repo = new TempRepository();
        repo.Write("labs/db-02-write-ahead-log/steps/02-reader.md", "## Key code\n\nReference: `Reader`.\n");
        repo.Write("labs/db-02-write-ahead-log/steps/01-writer.md", "## Key code\n\nReference: `Writer`.\n");
        repo.Write("labs/db-02-write-ahead-log/steps/notes.md", "not a step");

        var map = StepMap.Load(repo.Root, repo.PathOf("labs/db-02-write-ahead-log"));

        map.Steps.Should().Equal(
            new StepRef("01", "labs/db-02-write-ahead-log/steps/01-writer.md"),
            new StepRef("02", "labs/db-02-write-ahead-log/steps/02-reader.md"));
        map.ForType("Reader", null)!.StubMessage("Reader.Read").Should().Be("Step 02: Reader.Read, see labs/db-02-write-ahead-log/steps/02-reader.md");
    }
}
