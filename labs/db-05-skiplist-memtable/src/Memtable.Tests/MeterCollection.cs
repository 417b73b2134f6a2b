namespace FromScratch.Memtable.Tests;

/// <summary>Tests that observe the process-wide meter run alone, so that no other test's memtable adds to it while they listen.</summary>
[CollectionDefinition(nameof(MeterCollection), DisableParallelization = true)]
public sealed class MeterCollection
{
}
