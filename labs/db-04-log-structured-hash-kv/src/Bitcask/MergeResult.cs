namespace FromScratch.Bitcask;

/// <summary>What one <see cref="BitcaskStore.Merge"/> did.</summary>
/// <param name="InputFiles">The numbers of the data files merged away (every file but the active one when the merge started).</param>
/// <param name="OutputFiles">The numbers of the data files (with hints) that replaced them; empty when nothing in the inputs was live.</param>
/// <param name="RecordsCopied">Live records copied into the outputs.</param>
/// <param name="BytesReclaimed">The inputs' size minus the outputs' size.</param>
public sealed record MergeResult(IReadOnlyList<int> InputFiles, IReadOnlyList<int> OutputFiles, long RecordsCopied, long BytesReclaimed)
{
    /// <summary>A merge that had nothing to do (no closed data file).</summary>
    public static MergeResult Nothing { get; } = new([], [], 0, 0);
}
