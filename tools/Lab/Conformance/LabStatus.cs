namespace FromScratch.Lab.Conformance;

/// <summary>How far a lab has come, as PHASES.md and the <c>lab</c> command report it.</summary>
public enum LabStatus
{
    /// <summary>labs/&lt;id&gt; does not exist yet.</summary>
    Planned,

    /// <summary>labs/&lt;id&gt; exists, but <see cref="LabShape.Check"/> still reports problems.</summary>
    InProgress,

    /// <summary>labs/&lt;id&gt; exists and <see cref="LabShape.Check"/> reports nothing.</summary>
    Complete,
}
