using System.Globalization;
using System.Text;

namespace FromScratch.CrashHarness;

/// <summary>
/// What a workload attempted and what it acknowledged as durable, per key, in issue order; and the
/// checks that hold a recovered state to it.
/// <code>
///   key "log":   attempted  r1  r2  r3  r4  r5        (Attempt, before the write is issued)
///                acknowledged ───────^                (Acknowledge, when the caller is told "durable")
///
///   ExpectSequence("log", recovered)   a log: recovered = r1..rm, a prefix, with m >= 3
///   ExpectValue("config", recovered)   a register (a file, a page overwritten in place):
///                                      recovered = some attempt at or after the last acknowledged
///                                      one; missing only if none was acknowledged
/// </code>
/// The two directions are the whole contract of a durable store: every acknowledged write is
/// present (the recovered state is at least the acknowledged one), and nothing is returned that was
/// not written (it is at most the attempted one, in an order the writer could have produced).
/// <para>Thread-safe: appenders on several threads may record attempts and acknowledgements
/// concurrently (one lock). Values are copied.</para>
/// </summary>
public sealed class CrashLedger
{
    private const int DescribedBytes = 48;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, History> _keys = new(StringComparer.Ordinal);

    /// <summary>The keys with at least one attempt, sorted ordinally.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _keys.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Records that a write of <paramref name="value"/> under <paramref name="key"/> is about to be issued.</summary>
    /// <param name="key">What is written: a log name, a file, a page.</param>
    /// <param name="value">The bytes a reader would get back for it.</param>
    public void Attempt(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var copy = value.ToArray();
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var history))
            {
                history = new History();
                _keys.Add(key, history);
            }
            history.Attempts.Add(copy);
        }
    }

    /// <summary>
    /// Records that the latest attempt of <paramref name="value"/> under <paramref name="key"/> is
    /// promised durable; it and every earlier attempt of the key now count as acknowledged.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> was never attempted under <paramref name="key"/> (a workload bug).</exception>
    public void Acknowledge(string key, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            var history = HistoryOf(key);
            var index = IndexOf(history.Attempts, value, last: true);
            if (index < 0)
            {
                throw new InvalidOperationException($"Acknowledge(\"{key}\", {Describe(value)}): that value was never attempted under this key.");
            }
            history.AcknowledgedCount = Math.Max(history.AcknowledgedCount, index + 1);
        }
    }

    /// <summary>Records that the latest attempt under <paramref name="key"/> (and so every earlier one) is promised durable.</summary>
    /// <exception cref="InvalidOperationException">Nothing was attempted under <paramref name="key"/>.</exception>
    public void Acknowledge(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            var history = HistoryOf(key);
            history.AcknowledgedCount = history.Attempts.Count;
        }
    }

    /// <summary>The values attempted under <paramref name="key"/>, in the order they were recorded (empty if none).</summary>
    public IReadOnlyList<byte[]> Attempted(string key)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(key, out var history) ? [.. history.Attempts] : [];
        }
    }

    /// <summary>How many of <paramref name="key"/>'s attempts are acknowledged: the index just past the last acknowledged one (0 if none).</summary>
    public int AcknowledgedCount(string key)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(key, out var history) ? history.AcknowledgedCount : 0;
        }
    }

    /// <summary>
    /// How many of <paramref name="key"/>'s attempts come after the last acknowledged one: writes
    /// in flight at the crash, which may have survived, been lost, or (for an overwrite in place)
    /// torn the value.
    /// </summary>
    public int UnacknowledgedCount(string key)
    {
        lock (_lock)
        {
            return _keys.TryGetValue(key, out var history) ? history.Attempts.Count - history.AcknowledgedCount : 0;
        }
    }

    /// <summary>Whether any write under <paramref name="key"/> was acknowledged.</summary>
    public bool IsAcknowledged(string key) => AcknowledgedCount(key) > 0;

    /// <summary>
    /// Checks a log: <paramref name="recovered"/> must be the first m attempts of
    /// <paramref name="key"/>, in order, with m at least <see cref="AcknowledgedCount"/>.
    /// </summary>
    /// <exception cref="CrashInvariantViolation">A record is missing, invented, duplicated or out of order; the message names it.</exception>
    public void ExpectSequence(string key, IReadOnlyList<byte[]> recovered)
    {
        ArgumentNullException.ThrowIfNull(recovered);
        var attempted = Attempted(key);
        var acknowledged = AcknowledgedCount(key);
        for (var i = 0; i < recovered.Count; i++)
        {
            if (i >= attempted.Count || !recovered[i].AsSpan().SequenceEqual(attempted[i]))
            {
                var found = Describe(recovered[i]);
                var known = IndexOf(attempted, recovered[i], last: false);
                var what = known < 0
                    ? $"{found}, which was never written"
                    : $"{found}, which was written as #{known + 1}";
                var expected = i < attempted.Count ? $"#{i + 1} {Describe(attempted[i])}" : "nothing (all attempts already recovered)";
                throw new CrashInvariantViolation(
                    $"'{key}': recovered record #{i + 1} is {what}; expected {expected}. " +
                    $"Recovered {recovered.Count}, attempted {attempted.Count}, acknowledged {acknowledged}.");
            }
        }

        if (recovered.Count < acknowledged)
        {
            var lost = attempted[recovered.Count];
            throw new CrashInvariantViolation(
                $"'{key}': acknowledged record #{recovered.Count + 1} {Describe(lost)} was lost" +
                (acknowledged - recovered.Count > 1 ? $" (with {acknowledged - recovered.Count - 1} more acknowledged after it)" : string.Empty) +
                $". Recovered {recovered.Count}, attempted {attempted.Count}, acknowledged {acknowledged}.");
        }
    }

    /// <summary>
    /// Checks a register (a value overwritten in place: a file replaced atomically, a page):
    /// <paramref name="recovered"/> must equal an attempt of <paramref name="key"/> made at or after
    /// the last acknowledged one; null (absent) is allowed only if nothing was acknowledged.
    /// </summary>
    /// <exception cref="CrashInvariantViolation">The value is absent, older than acknowledged, or never written; the message names it.</exception>
    public void ExpectValue(string key, ReadOnlySpan<byte> recovered) => ExpectValue(key, recovered.ToArray());

    /// <summary>Checks a register that may be absent after the crash; see <see cref="ExpectValue(string, ReadOnlySpan{byte})"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="recovered">The recovered value, or null if recovery found none.</param>
    /// <exception cref="CrashInvariantViolation">The value is absent, older than acknowledged, or never written.</exception>
    public void ExpectValue(string key, byte[]? recovered)
    {
        var attempted = Attempted(key);
        var acknowledged = AcknowledgedCount(key);
        var lastAcknowledged = acknowledged > 0 ? attempted[acknowledged - 1] : null;
        if (recovered is null)
        {
            if (lastAcknowledged is not null)
            {
                throw new CrashInvariantViolation(
                    $"'{key}': missing after the crash, but attempt #{acknowledged} {Describe(lastAcknowledged)} was acknowledged.");
            }
            return;
        }

        var newest = IndexOf(attempted, recovered, last: true);
        if (newest < 0)
        {
            throw new CrashInvariantViolation(
                $"'{key}': recovered {Describe(recovered)}, which was never written" +
                (lastAcknowledged is null ? $" (nothing acknowledged; {attempted.Count} attempted)." : $"; acknowledged attempt #{acknowledged} {Describe(lastAcknowledged)} was lost."));
        }
        if (newest + 1 < acknowledged)
        {
            throw new CrashInvariantViolation(
                $"'{key}': recovered attempt #{newest + 1} {Describe(recovered)}, older than the acknowledged attempt #{acknowledged} {Describe(lastAcknowledged!)}, which was lost.");
        }
    }

    /// <summary>
    /// A value as reports show it: printable ASCII in quotes (cut after 48 bytes), otherwise its
    /// length and first bytes in hex; a value of all zeros is named as such.
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return "(0 bytes)";
        }
        var shown = value[..Math.Min(value.Length, DescribedBytes)];
        var trimmed = shown.TrimEnd((byte)0);
        var printable = !trimmed.IsEmpty && !trimmed.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E);
        if (printable)
        {
            var text = Encoding.ASCII.GetString(trimmed);
            return value.Length == trimmed.Length
                ? $"\"{text}\""
                : string.Create(CultureInfo.InvariantCulture, $"\"{text}\"... ({value.Length} bytes)");
        }
        if (!value.ContainsAnyExcept((byte)0))
        {
            return string.Create(CultureInfo.InvariantCulture, $"({value.Length} zero bytes)");
        }
        var hex = Convert.ToHexString(value[..Math.Min(value.Length, 16)]);
        return string.Create(CultureInfo.InvariantCulture, $"({value.Length} bytes: {hex}{(value.Length > 16 ? "..." : string.Empty)})");
    }

    private static int IndexOf(IReadOnlyList<byte[]> values, ReadOnlySpan<byte> value, bool last)
    {
        var found = -1;
        for (var i = 0; i < values.Count; i++)
        {
            if (value.SequenceEqual(values[i]))
            {
                found = i;
                if (!last)
                {
                    break;
                }
            }
        }
        return found;
    }

    private History HistoryOf(string key) =>
        _keys.TryGetValue(key, out var history)
            ? history
            : throw new InvalidOperationException($"Acknowledge(\"{key}\"): nothing was attempted under this key.");

    private sealed class History
    {
        public List<byte[]> Attempts { get; } = [];

        public int AcknowledgedCount { get; set; }
    }
}
