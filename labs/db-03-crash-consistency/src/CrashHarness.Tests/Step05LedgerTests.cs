using System.Text;

namespace FromScratch.CrashHarness.Tests;

/// <summary>Step 05: the ledger's two checks, a log (prefix) and a register (at least the acknowledged value).</summary>
public sealed class Step05LedgerTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static CrashLedger LogOf(int attempted, int acknowledged)
    {
        var ledger = new CrashLedger();
        for (var i = 1; i <= attempted; i++)
        {
            ledger.Attempt("log", B($"r{i}"));
            if (i <= acknowledged)
            {
                ledger.Acknowledge("log", B($"r{i}"));
            }
        }
        return ledger;
    }

    [Theory]
    [Trait("Step", "05")]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Sequence_accepts_any_prefix_that_holds_every_acknowledged_record(int recovered)
    {
        var ledger = LogOf(attempted: 4, acknowledged: 2);

        ledger.Invoking(l => l.ExpectSequence("log", [.. Enumerable.Range(1, recovered).Select(i => B($"r{i}"))])).Should().NotThrow();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Sequence_names_the_first_lost_acknowledged_record()
    {
        var ledger = LogOf(attempted: 4, acknowledged: 3);

        ledger.Invoking(l => l.ExpectSequence("log", [B("r1")]))
            .Should().Throw<CrashInvariantViolation>()
            .WithMessage("'log': acknowledged record #2 \"r2\" was lost (with 1 more acknowledged after it)*");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Sequence_reports_a_log_that_lost_only_its_last_acknowledged_record()
    {
        // The commonest loss (an append acknowledged before its fsync) is the newest record alone.
        var ledger = LogOf(attempted: 4, acknowledged: 3);

        ledger.Invoking(l => l.ExpectSequence("log", [B("r1"), B("r2")]))
            .Should().Throw<CrashInvariantViolation>()
            .WithMessage("'log': acknowledged record #3 \"r3\" was lost. Recovered 2, attempted 4, acknowledged 3.");
        ledger.Invoking(l => l.ExpectSequence("log", [B("r1"), B("r2"), B("r3")])).Should().NotThrow();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Sequence_reports_a_record_that_was_never_written()
    {
        var ledger = LogOf(attempted: 2, acknowledged: 1);

        ledger.Invoking(l => l.ExpectSequence("log", [B("r1"), B("zz")]))
            .Should().Throw<CrashInvariantViolation>().WithMessage("*record #2 is \"zz\", which was never written*");
        ledger.Invoking(l => l.ExpectSequence("log", [B("r1"), B("r2"), B("r2")]))
            .Should().Throw<CrashInvariantViolation>().WithMessage("*record #3 is \"r2\", which was written as #2*");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Sequence_reports_records_out_of_order()
    {
        var ledger = LogOf(attempted: 3, acknowledged: 0);

        ledger.Invoking(l => l.ExpectSequence("log", [B("r2")]))
            .Should().Throw<CrashInvariantViolation>().WithMessage("*record #1 is \"r2\", which was written as #2; expected #1 \"r1\"*");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Value_accepts_the_acknowledged_or_a_later_attempt_and_absence_before_any_acknowledgement()
    {
        var ledger = new CrashLedger();
        ledger.Attempt("cfg", B("v1"));
        ledger.Invoking(l => l.ExpectValue("cfg", (byte[]?)null)).Should().NotThrow("nothing acknowledged yet");
        ledger.Acknowledge("cfg");
        ledger.Attempt("cfg", B("v2"));

        ledger.Invoking(l => l.ExpectValue("cfg", B("v1"))).Should().NotThrow();
        ledger.Invoking(l => l.ExpectValue("cfg", B("v2"))).Should().NotThrow();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Value_reports_missing_older_and_invented_values()
    {
        var ledger = new CrashLedger();
        ledger.Attempt("cfg", B("v1"));
        ledger.Attempt("cfg", B("v2"));
        ledger.Acknowledge("cfg", B("v2"));

        ledger.Invoking(l => l.ExpectValue("cfg", (byte[]?)null))
            .Should().Throw<CrashInvariantViolation>().WithMessage("'cfg': missing after the crash, but attempt #2 \"v2\" was acknowledged.");
        ledger.Invoking(l => l.ExpectValue("cfg", B("v1")))
            .Should().Throw<CrashInvariantViolation>().WithMessage("*attempt #1 \"v1\", older than the acknowledged attempt #2 \"v2\"*");
        ledger.Invoking(l => l.ExpectValue("cfg", new byte[700]))
            .Should().Throw<CrashInvariantViolation>().WithMessage("*recovered (700 zero bytes), which was never written; acknowledged attempt #2 \"v2\" was lost.");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Acknowledging_a_value_never_attempted_is_a_workload_bug()
    {
        var ledger = new CrashLedger();
        ledger.Attempt("log", B("r1"));

        ledger.Invoking(l => l.Acknowledge("log", B("r9"))).Should().Throw<InvalidOperationException>();
        ledger.Invoking(l => l.Acknowledge("other")).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Ledger_is_safe_to_fill_from_several_threads()
    {
        var ledger = new CrashLedger();

        Parallel.For(0, 8, w =>
        {
            for (var i = 0; i < 500; i++)
            {
                ledger.Attempt($"w{w}", B($"{i}"));
                ledger.Acknowledge($"w{w}", B($"{i}"));
            }
        });

        ledger.Keys.Should().HaveCount(8);
        ledger.Keys.Should().OnlyContain(k => ledger.AcknowledgedCount(k) == 500 && ledger.Attempted(k).Count == 500);
    }
}
