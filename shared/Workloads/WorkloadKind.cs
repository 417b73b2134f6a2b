namespace FromScratch.Shared.Workloads;

/// <summary>
/// The workloads of the runner, named and defined as LevelDB 1.23's <c>benchmarks/db_bench.cc</c>
/// defines them (https://github.com/google/leveldb/blob/1.23/benchmarks/db_bench.cc; the name in
/// parentheses is the one <c>--benchmarks</c> takes, and each member names the db_bench function it
/// follows). N is <see cref="WorkloadOptions.Num"/>, R is <see cref="WorkloadOptions.EffectiveReads"/>;
/// key i is <see cref="WorkloadOptions.FormatKey(long)"/>(i); "uniform" means drawn uniformly from
/// 0..N-1 with replacement by the thread's seeded random stream, as db_bench's
/// <c>thread-&gt;rand.Uniform(FLAGS_num)</c>. Values come from db_bench's <c>RandomGenerator</c>
/// (<see cref="ValueGenerator"/>). Where this runner differs from db_bench, the member says so; in
/// general, with T threads db_bench has every thread do all N (or R) operations, while this runner
/// splits them between the threads.
/// </summary>
public enum WorkloadKind
{
    /// <summary>(fillseq) On a fresh store, put keys 0..N-1 in ascending order (db_bench's <c>WriteSeq</c>).</summary>
    FillSeq,

    /// <summary>
    /// (fillrandom) On a fresh store, put N uniform keys (db_bench's <c>WriteRandom</c>): keys repeat,
    /// so about N(1 - 1/e), 632,121 of 1,000,000, are distinct, and a readrandom afterwards finds
    /// about that fraction.
    /// </summary>
    FillRandom,

    /// <summary>
    /// (filluniquerandom) On a fresh store, put keys 0..N-1 each once, in a seeded random order (a
    /// permutation): RocksDB's db_bench workload of that name (tools/db_bench_tool.cc,
    /// <c>WriteUniqueRandom</c>), which LevelDB's lacks. A readrandom afterwards finds every key.
    /// </summary>
    FillUniqueRandom,

    /// <summary>(fillsync) On a fresh store, put N/1000 uniform keys (at least one), each write synced: db_bench's <c>fillsync</c> (<c>num_ /= 1000</c>, <c>write_options_.sync = true</c>; its header comment says N/100, its code N/1000).</summary>
    FillSync,

    /// <summary>(overwrite) Put N uniform keys on the existing store (db_bench's <c>WriteRandom</c> without a fresh store).</summary>
    Overwrite,

    /// <summary>
    /// (readrandom) Get R uniform keys (db_bench's <c>ReadRandom</c>); the notes report "(F of R found)"
    /// (db_bench prints N as the second number, which is R unless --reads is given).
    /// </summary>
    ReadRandom,

    /// <summary>
    /// (readmissing) Get R keys that are never stored: uniform key i without its last byte, a
    /// (KeySize - 1)-byte key no workload writes (db_bench's <c>ReadMissing</c>:
    /// <c>Slice(key.data(), key.size() - 1)</c>). The notes report the found count, 0 for a correct
    /// store (db_bench reports none).
    /// </summary>
    ReadMissing,

    /// <summary>(readseq) Scan R entries in key order from the first key (db_bench's <c>ReadSequential</c>); needs an ordered store (<see cref="KeyValue.IOrderedKeyValueStore"/>). With T threads each scans its own 1/T of the key range.</summary>
    ReadSeq,

    /// <summary>(readreverse) Scan R entries in descending key order from the last key (db_bench's <c>ReadReverse</c>); needs an ordered store. With T threads each scans its own 1/T of the key range, backwards.</summary>
    ReadReverse,

    /// <summary>
    /// (seekrandom) R times: a new iterator, Seek to a uniform key, found if it lands on that key
    /// (db_bench's <c>SeekRandom</c>, which also makes an iterator per seek, so this measures
    /// NewIterator + Seek); needs an ordered store. The notes report "(F of R found)"; no bytes are
    /// counted, as in db_bench.
    /// </summary>
    SeekRandom,

    /// <summary>(deleteseq) Delete keys 0..N-1 in ascending order (db_bench's <c>DeleteSeq</c>).</summary>
    DeleteSeq,

    /// <summary>(deleterandom) Delete N uniform keys (db_bench's <c>DeleteRandom</c>): keys repeat, so about N/e, 367,879 of 1,000,000 keys of a full store, are never deleted.</summary>
    DeleteRandom,
}
