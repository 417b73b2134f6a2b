namespace FromScratch.Shared.FileSystems;

/// <summary>What a simulated directory entry points to: a file (<see cref="SimInode"/>) or a directory (<see cref="SimDirectory"/>).</summary>
internal abstract class SimNode
{
}
