namespace FromScratch.Wal.Tests;

/// <summary>Tests that observe the process-wide meter run alone, so no other test's log adds to it.</summary>
[CollectionDefinition(nameof(MeterCollection), DisableParallelization = true)]
public sealed class MeterCollection
{
}
