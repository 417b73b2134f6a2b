namespace FromScratch.Memtable;

/// <summary>Where an allocation of an <see cref="Arena"/> lives: a block, an offset in it, and a length.</summary>
/// <param name="Block">The index of the block.</param>
/// <param name="Offset">The first byte in the block.</param>
/// <param name="Length">The number of bytes.</param>
public readonly record struct ArenaRef(int Block, int Offset, int Length);
