using System.Reflection;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>
/// The contract suite catches wrong stores: each planted bug makes the named suite test fail, and the
/// same test passes on the correct store (so the failure is the bug's, not the harness's).
/// </summary>
[Trait("Step", "00")]
public sealed class PlantedBugTests
{
    private const string Suite = nameof(KeyValueStoreContractTests);

    public static TheoryData<PlantedBug, string> Catches => new()
    {
        { PlantedBug.LosesDeletesOnReopen, nameof(KeyValueStoreContractTests.Reopen_after_dispose_keeps_every_write) },
        { PlantedBug.LosesDeletesOnReopen, nameof(KeyValueStoreContractTests.Write_batch_applies_operations_in_order) },
        { PlantedBug.LosesDeletesOnReopen, nameof(KeyValueStoreContractTests.Random_operations_with_reopens_and_crashes_match_the_model) },
        { PlantedBug.IgnoresBatchAtomicity, nameof(KeyValueStoreContractTests.Batch_cut_by_power_loss_is_all_or_nothing) },
        { PlantedBug.IgnoresBatchAtomicity, nameof(KeyValueStoreContractTests.Unsynced_batch_is_all_or_nothing_after_a_crash) },
        { PlantedBug.LogsBatchOverwritesSeparately, nameof(KeyValueStoreContractTests.Batch_cut_by_power_loss_is_all_or_nothing) },
        { PlantedBug.ReturnsStaleValue, nameof(KeyValueStoreContractTests.Put_overwrites_the_previous_value) },
        { PlantedBug.ReturnsStaleValue, nameof(KeyValueStoreContractTests.Delete_removes_the_key) },
        { PlantedBug.ReturnsStaleValue, nameof(KeyValueStoreContractTests.Random_operations_with_reopens_and_crashes_match_the_model) },
        { PlantedBug.IgnoresSync, nameof(KeyValueStoreContractTests.Synced_writes_survive_a_crash) },
        { PlantedBug.IgnoresSync, nameof(KeyValueStoreContractTests.Crash_recovers_a_prefix_of_the_writes_that_includes_every_synced_write) },
        { PlantedBug.KeepsTornTail, nameof(KeyValueStoreContractTests.Writes_after_recovery_survive_the_next_crash) },
        { PlantedBug.SkipsChecksums, nameof(KeyValueStoreContractTests.Flipped_bit_in_a_stored_value_is_never_returned) },
        { PlantedBug.CarriesOnAfterFailedSync, nameof(KeyValueStoreContractTests.Failed_sync_throws_and_no_later_synced_write_is_lost) },
        { PlantedBug.IteratorSeesLaterWrites, nameof(OrderedKeyValueStoreContractTests.Iterator_is_unaffected_by_writes_made_after_it_was_created) },
        { PlantedBug.SnapshotReadsLatest, nameof(OrderedKeyValueStoreContractTests.Snapshot_reads_see_the_state_when_it_was_taken) },
        { PlantedBug.SnapshotReadsLatest, nameof(OrderedKeyValueStoreContractTests.Snapshot_keeps_its_view_across_many_later_writes) },
        { PlantedBug.SnapshotReadsLatest, nameof(OrderedKeyValueStoreContractTests.Random_iterator_walks_match_the_model) },
        { PlantedBug.SeekSkipsEqualKey, nameof(OrderedKeyValueStoreContractTests.Seek_lands_on_the_first_key_at_or_after_the_target_at_every_boundary) },
        { PlantedBug.SeekSkipsEqualKey, nameof(OrderedKeyValueStoreContractTests.Scan_range_includes_start_and_excludes_end) },
        { PlantedBug.PrevAfterSeekStays, nameof(OrderedKeyValueStoreContractTests.Next_and_Prev_change_direction_without_skipping_or_repeating) },
        { PlantedBug.PrevAfterSeekStays, nameof(OrderedKeyValueStoreContractTests.Random_iterator_walks_match_the_model) },
        { PlantedBug.SeekToLastStopsShort, nameof(OrderedKeyValueStoreContractTests.Iterator_backward_visits_every_entry_in_reverse_order) },
        { PlantedBug.SignedByteOrder, nameof(OrderedKeyValueStoreContractTests.Iterator_forward_visits_every_entry_in_order) },
        { PlantedBug.SignedByteOrder, nameof(OrderedKeyValueStoreContractTests.Scan_returns_every_entry_in_unsigned_bytewise_order) },
        { PlantedBug.SignedByteOrder, nameof(OrderedKeyValueStoreContractTests.Comparator_agrees_with_the_iteration_order) },
    };

    [Theory]
    [MemberData(nameof(Catches))]
    public void Suite_test_fails_on_the_planted_bug_and_passes_without_it(PlantedBug bug, string test)
    {
        Run(PlantedBug.None, test).Should().BeNull($"{Suite}.{test} passes on the correct store");

        var failure = Run(bug, test);

        failure.Should().NotBeNull($"{Suite}.{test} should fail on a store with the planted bug {bug}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{bug} -> {test} failed: {failure!.GetType().Name}: {failure.Message}");
        failure.Should().NotBeOfType<NotImplementedException>().And.NotBeOfType<NullReferenceException>()
            .And.NotBeOfType<ArgumentException>("the failure must be an assertion about the store's behaviour");
    }

    /// <summary>
    /// Every suite test against every planted bug; the test output lists which tests catch which bug
    /// (the randomised tests may catch a bug in one run and not in another; the list shows what this run saw).
    /// </summary>
    [Fact]
    public void Every_planted_bug_fails_at_least_one_suite_test()
    {
        var tests = SuiteTests().ToList();
        var output = TestContext.Current.TestOutputHelper;
        foreach (var bug in Enum.GetValues<PlantedBug>())
        {
            var failed = tests.Where(t => Run(bug, t) is not null).ToList();
            output?.WriteLine($"{bug}: {failed.Count} of {tests.Count} fail: {string.Join(", ", failed)}");
            if (bug == PlantedBug.None)
            {
                failed.Should().BeEmpty("the correct store passes every test");
            }
            else
            {
                failed.Should().NotBeEmpty($"some test must catch {bug}");
            }
        }
    }

    private static IEnumerable<string> SuiteTests() =>
        typeof(OrderedKeyValueStoreContractTests)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null && m.GetParameters().Length == 0)
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal);

    /// <summary>Runs one suite test on a fresh suite instance; returns its failure, or null if it passed.</summary>
    private static Exception? Run(PlantedBug bug, string test)
    {
        var method = typeof(OrderedKeyValueStoreContractTests).GetMethod(test, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"no suite test named {test}", nameof(test));
        using var suite = new PlantedBugContract(bug);
        try
        {
            method.Invoke(suite, null);
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }
}
