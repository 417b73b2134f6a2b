namespace FromScratch.Shared.Workloads;

/// <summary>
/// The workloads of the runner, named and defined after LevelDB's <c>benchmarks/db_bench.cc</c>
/// (the name in parentheses is the one <c>--benchmarks</c> takes). N is <see cref="WorkloadOptions.Num"/>,
/// R is <see cref="WorkloadOptions.EffectiveReads"/>; key i is <see cref="WorkloadOptions.FormatKey(long)"/>(i).
/// Where this runner differs from db_bench, the member says so.
/// </summary>
public enum WorkloadKind
{
    /// <summary>(fillseq) On a fresh store, put keys 0..N-1 in ascending order.</summary>
    FillSeq,

    /// <summary>
    /// (fillrandom) On a fresh store, put keys 0..N-1 each once, in a seeded random order. db_bench
    /// draws N keys uniformly with replacement instead (about 63% distinct); this runner writes every key
    /// (RocksDB calls that <c>filluniquerandom</c>) so that a readrandom after it finds all N.
    /// </summary>
    FillRandom,

    /// <summary>(fillsync) As <see cref="FillRandom"/> with every write synced, and N/1000 writes (at least one), as db_bench.</summary>
    FillSync,

    /// <summary>(overwrite) Put N keys drawn uniformly from 0..N-1 with replacement, on the existing store.</summary>
    Overwrite,

    /// <summary>(readrandom) Get R keys drawn uniformly from 0..N-1; the notes report "(F of R found)" (db_bench prints N as the second number, which is R unless --reads is given).</summary>
    ReadRandom,

    /// <summary>(readmissing) Get R keys that are never stored (key i without its last byte, as db_bench); the notes report the found count, 0 for a correct store.</summary>
    ReadMissing,

    /// <summary>(readseq) Scan R entries in key order from the first key; needs an ordered store (<see cref="KeyValue.IOrderedKeyValueStore"/>). With T threads each scans its own 1/T of the key range.</summary>
    ReadSeq,

    /// <summary>(deleteseq) Delete keys 0..N-1 in ascending order.</summary>
    DeleteSeq,

    /// <summary>(deleterandom) Delete keys 0..N-1 each once, in a seeded random order (db_bench draws with replacement; see <see cref="FillRandom"/>).</summary>
    DeleteRandom,
}
