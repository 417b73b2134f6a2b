namespace FromScratch.CrashHarness;

/// <summary>How one crash outcome fared.</summary>
public enum CrashVerdict
{
    /// <summary>Recovery succeeded and every invariant held.</summary>
    Passed,

    /// <summary>Recovery raised a typed corruption report that the workload specifies as acceptable for this crash.</summary>
    AcceptedCorruption,

    /// <summary>An invariant failed, recovery failed, or the workload failed before the power loss.</summary>
    Violated,
}
