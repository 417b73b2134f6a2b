namespace FromScratch.CrashHarness.PlantedBugs;

/// <summary>Which durability mistake an <see cref="AppendLogWriter"/> makes.</summary>
public enum AppendMistake
{
    /// <summary>
    /// No mistake: append, fsync, then acknowledge; when an fsync fails, write the unsynced records
    /// again from the writer's own copy and fsync again before acknowledging.
    /// </summary>
    None,

    /// <summary>
    /// Acknowledges each record as soon as it is appended (it is in the page cache, a reader sees
    /// it) and fsyncs only once, at the end: a crash in between loses acknowledged records.
    /// </summary>
    AcknowledgeBeforeSync,

    /// <summary>
    /// When an fsync fails, retries it; the retry succeeds and the record is acknowledged. On Linux
    /// (and in the simulator) the failed fsync already dropped the unsynced data, so the success
    /// proves nothing and a crash loses the acknowledged record ("fsyncgate", PostgreSQL 2018).
    /// </summary>
    RetrySyncAfterFailure,
}
