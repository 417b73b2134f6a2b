using System.Diagnostics;
using FromScratch.Shared.Diagnostics;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Shared.Workloads;

/// <summary>
/// Runs db_bench-style workloads (<see cref="WorkloadKind"/>) against any <see cref="IKeyValueStore"/>,
/// so that every engine of the curriculum is measured the same way and engines can be compared side by
/// side (<see cref="WorkloadReport.FormatComparison"/>).
/// <para>
/// How a workload runs:
/// <code>
///   operations 0..n-1  --split-&gt;  thread 0: [0, n/T)   thread 1: [n/T, 2n/T)  ...  (contiguous shares)
///   each thread:  wait at the start barrier, then per call:  t0 = now; store call; latency[i] = now - t0
///   result:       ops/s, MB/s over wall time (first start .. last end); p50/p99/p99.9 over every call
/// </code>
/// Key choices are seeded (<see cref="WorkloadOptions.Seed"/>): a new runner with the same options, making
/// the same calls in the same order, issues the same keys in the same order (per thread). Key order
/// permutations and random streams are prepared before the clock starts.
/// </para>
/// <para>
/// Not thread-safe: one run at a time. The store must allow the calls of
/// <see cref="WorkloadOptions.Threads"/> threads at once (the contract requires concurrent reads with one
/// writer; for concurrent writers check the engine's documentation).
/// </para>
/// </summary>
public sealed class WorkloadRunner
{
    private int _runs;

    /// <summary>A runner with validated <paramref name="options"/>.</summary>
    public WorkloadRunner(WorkloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public WorkloadOptions Options { get; }

    /// <summary>
    /// Runs every workload of <see cref="WorkloadOptions.Workloads"/> in order, as db_bench does: a store
    /// from <paramref name="openFreshStore"/> at the start, and a fresh one (the previous disposed first)
    /// for each fill workload (fillseq, fillrandom, filluniquerandom, fillsync), which starts from an
    /// empty store. Every store it opened is disposed when it returns.
    /// </summary>
    /// <param name="openFreshStore">Opens an empty store (deleting what an earlier one left).</param>
    /// <param name="onResult">Called after each workload, e.g. to print its line while the run goes on.</param>
    /// <exception cref="NotSupportedException">A workload needs an ordered store (readseq, readreverse, seekrandom) and the store is not one; nothing has run yet.</exception>
    public WorkloadReport Run(Func<IKeyValueStore> openFreshStore, Action<WorkloadResult>? onResult = null)
    {
        ArgumentNullException.ThrowIfNull(openFreshStore);
        var store = openFreshStore();
        try
        {
            var storeName = store.GetType().Name;
            foreach (var kind in Options.Workloads)
            {
                ThrowIfUnsupported(store, kind);
            }

            var results = new List<WorkloadResult>();
            var fresh = true;
            foreach (var kind in Options.Workloads)
            {
                if (IsFill(kind) && !fresh)
                {
                    store.Dispose();
                    store = openFreshStore();
                }

                fresh = false;
                var result = Run(store, kind);
                results.Add(result);
                onResult?.Invoke(result);
            }

            return new WorkloadReport(Options, storeName, results);
        }
        finally
        {
            store.Dispose();
        }
    }

    /// <summary>Runs one workload on <paramref name="store"/> as it is (a fill workload does not empty it).</summary>
    /// <exception cref="NotSupportedException"><paramref name="kind"/> needs an ordered store (readseq, readreverse, seekrandom) and the store is not an <see cref="IOrderedKeyValueStore"/>.</exception>
    /// <exception cref="InvalidOperationException">A store call threw (the inner exception); the other threads finished their shares first.</exception>
    public WorkloadResult Run(IKeyValueStore store, WorkloadKind kind)
    {
        ArgumentNullException.ThrowIfNull(store);
        ThrowIfUnsupported(store, kind);
        var run = _runs++;
        var options = Options;
        var operations = kind switch
        {
            WorkloadKind.FillSync => Math.Max(1, options.Num / 1000),
            WorkloadKind.ReadRandom or WorkloadKind.ReadMissing or WorkloadKind.ReadSeq or WorkloadKind.ReadReverse or WorkloadKind.SeekRandom
                => options.EffectiveReads,
            _ => options.Num,
        };
        var permutation = kind == WorkloadKind.FillUniqueRandom ? Permutation(options.Num, Mix(options.Seed, run, -1)) : null;
        var writeOptions = options.Sync || kind == WorkloadKind.FillSync ? WriteOptions.Synced : WriteOptions.Default;

        var threads = new ThreadRun[options.Threads];
        for (var t = 0; t < threads.Length; t++)
        {
            var from = (long)operations * t / threads.Length;
            var to = (long)operations * (t + 1) / threads.Length;
            threads[t] = new ThreadRun(options, kind, store, writeOptions, permutation, (int)from, (int)to,
                seed: Mix(options.Seed, run, t), thread: t);
        }

        if (threads.Length == 1)
        {
            threads[0].Execute(barrier: null);
        }
        else
        {
            using var barrier = new Barrier(threads.Length);
            var workers = threads.Select(t => new Thread(() => t.Execute(barrier)) { IsBackground = true, Name = $"workload {t.Thread}" }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
        }

        var failure = threads.Select(t => t.Failure).FirstOrDefault(f => f is not null);
        if (failure is not null)
        {
            throw new InvalidOperationException($"{WorkloadNames.NameOf(kind)} failed: {failure.Message}", failure);
        }

        return Summarise(kind, operations, threads);
    }

    private WorkloadResult Summarise(WorkloadKind kind, int planned, ThreadRun[] threads)
    {
        var latencies = new long[threads.Sum(t => t.Calls)];
        var at = 0;
        foreach (var thread in threads)
        {
            Array.Copy(thread.Latencies, 0, latencies, at, thread.Calls);
            at += thread.Calls;
        }

        Array.Sort(latencies);
        double Micros(double percent) =>
            latencies.Length == 0 ? 0 : Percentiles.Of<long>(latencies, percent) * 1e6 / Stopwatch.Frequency;

        var operations = threads.Sum(t => (long)t.Operations);
        long? found = kind is WorkloadKind.ReadRandom or WorkloadKind.ReadMissing or WorkloadKind.SeekRandom ? threads.Sum(t => t.Found) : null;
        var notes = new List<string>();
        if (found is { } f)
        {
            notes.Add($"({f} of {operations} found)");
        }

        if (kind is WorkloadKind.ReadSeq or WorkloadKind.ReadReverse && operations < planned)
        {
            notes.Add($"(store ended after {operations} of {planned})");
        }

        if (kind == WorkloadKind.FillSync)
        {
            notes.Add($"({operations} ops)");
        }

        if (Options.Sync || kind == WorkloadKind.FillSync)
        {
            notes.Add("(sync)");
        }

        if (Options.BatchSize > 1 && IsWrite(kind))
        {
            notes.Add($"(batches of {Options.BatchSize}: latency per batch)");
        }

        var start = threads.Min(t => t.Start);
        var end = threads.Max(t => t.End);
        return new WorkloadResult
        {
            Kind = kind,
            Operations = operations,
            Calls = latencies.Length,
            Threads = threads.Length,
            Elapsed = Stopwatch.GetElapsedTime(start, end),
            ThreadTime = TimeSpan.FromTicks(threads.Sum(t => Stopwatch.GetElapsedTime(t.Start, t.End).Ticks)),
            Bytes = threads.Sum(t => t.Bytes),
            Found = found,
            P50Micros = Micros(50),
            P99Micros = Micros(99),
            P999Micros = Micros(99.9),
            Notes = string.Join(" ", notes),
        };
    }

    private static bool IsFill(WorkloadKind kind) =>
        kind is WorkloadKind.FillSeq or WorkloadKind.FillRandom or WorkloadKind.FillUniqueRandom or WorkloadKind.FillSync;

    private static bool IsWrite(WorkloadKind kind) =>
        IsFill(kind) || kind is WorkloadKind.Overwrite or WorkloadKind.DeleteSeq or WorkloadKind.DeleteRandom;

    /// <summary>Whether <paramref name="kind"/> iterates in key order, so that it needs an <see cref="IOrderedKeyValueStore"/> (readseq, readreverse, seekrandom).</summary>
    public static bool NeedsOrderedStore(WorkloadKind kind) => kind is WorkloadKind.ReadSeq or WorkloadKind.ReadReverse or WorkloadKind.SeekRandom;

    /// <summary>Whether <paramref name="store"/> can run <paramref name="kind"/>: every store runs the workloads that need no key order.</summary>
    public static bool Supports(IKeyValueStore store, WorkloadKind kind) => !NeedsOrderedStore(kind) || store is IOrderedKeyValueStore;

    private static void ThrowIfUnsupported(IKeyValueStore store, WorkloadKind kind)
    {
        if (!Supports(store, kind))
        {
            var name = WorkloadNames.NameOf(kind);
            throw new NotSupportedException(
                $"{name} iterates in key order and needs an ordered store (IOrderedKeyValueStore); {store.GetType().Name} is not one " +
                $"(a hash-indexed engine such as Bitcask keeps no key order). Leave {name} out of --benchmarks for this store.");
        }
    }

    /// <summary>
    /// A seed derived from the run's seed, the run's number and the thread (-1: the key permutation),
    /// the same in every process (unlike <see cref="HashCode"/>, which is randomised per process): the
    /// finaliser of SplitMix64 over the three packed together.
    /// </summary>
    private static int Mix(int seed, int run, int thread)
    {
        var x = unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)run << 16) ^ (uint)(thread + 1));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return (int)(x ^ (x >> 31));
    }

    /// <summary>0..n-1 in a seeded random order (Fisher-Yates).</summary>
    private static int[] Permutation(int n, int seed)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>One thread's share of a workload: operations [From, To), its random stream, value generator and measurements.</summary>
    private sealed class ThreadRun(
        WorkloadOptions options, WorkloadKind kind, IKeyValueStore store, WriteOptions writeOptions,
        int[]? permutation, int from, int to, int seed, int thread)
    {
        private readonly Random _random = new(seed);

        public int Thread => thread;

        public long[] Latencies { get; private set; } = [];

        public int Calls { get; private set; }

        public int Operations { get; private set; }

        public long Bytes { get; private set; }

        public long Found { get; private set; }

        public long Start { get; private set; }

        public long End { get; private set; }

        public Exception? Failure { get; private set; }

        public void Execute(Barrier? barrier)
        {
            var count = to - from;
            // One latency per store call: a batched write workload makes one call per batch, reads one per key.
            Latencies = new long[IsWrite(kind) && options.BatchSize > 1 ? (count + options.BatchSize - 1) / options.BatchSize : count];
            // Every thread's values start at the start of the same data, as in db_bench.
            var values = IsWrite(kind) && kind is not (WorkloadKind.DeleteSeq or WorkloadKind.DeleteRandom)
                ? new ValueGenerator(options.Seed, options.CompressionRatio, options.ValueSize)
                : null;
            barrier?.SignalAndWait();
            Start = Stopwatch.GetTimestamp();
            try
            {
                switch (kind)
                {
                    case WorkloadKind.ReadRandom:
                    case WorkloadKind.ReadMissing:
                        ReadRandom(missing: kind == WorkloadKind.ReadMissing);
                        break;
                    case WorkloadKind.ReadSeq:
                        ReadSeq((IOrderedKeyValueStore)store);
                        break;
                    case WorkloadKind.ReadReverse:
                        ReadReverse((IOrderedKeyValueStore)store);
                        break;
                    case WorkloadKind.SeekRandom:
                        SeekRandom((IOrderedKeyValueStore)store);
                        break;
                    default:
                        Write(values);
                        break;
                }
            }
            catch (Exception e)
            {
                // Reported by the runner, with the workload's name, after every thread has stopped.
                Failure = e;
            }
            finally
            {
                End = Stopwatch.GetTimestamp();
            }
        }

        /// <summary>The key of operation <paramref name="operation"/>: its number (the sequential workloads), its place in the permutation (filluniquerandom), or a uniform draw (every other).</summary>
        private long KeyIndex(int operation) => kind switch
        {
            WorkloadKind.FillSeq or WorkloadKind.DeleteSeq => operation,
            WorkloadKind.FillUniqueRandom => permutation![operation],
            _ => _random.Next(options.Num),
        };

        private void Write(ValueGenerator? values)
        {
            var key = new byte[options.KeySize];
            var batch = options.BatchSize > 1 ? new WriteBatch() : null;
            for (var i = from; i < to;)
            {
                var entries = Math.Min(options.BatchSize, to - i);
                long began;
                if (batch is null)
                {
                    options.FormatKey(KeyIndex(i), key);
                    var value = values is null ? default : values.Next(options.ValueSize);
                    began = Stopwatch.GetTimestamp();
                    if (values is null)
                    {
                        store.Delete(key, writeOptions);
                    }
                    else
                    {
                        store.Put(key, value, writeOptions);
                    }
                }
                else
                {
                    batch.Clear();
                    for (var j = 0; j < entries; j++)
                    {
                        options.FormatKey(KeyIndex(i + j), key);
                        _ = values is null ? batch.Delete(key) : batch.Put(key, values.Next(options.ValueSize));
                    }

                    began = Stopwatch.GetTimestamp();
                    store.Write(batch, writeOptions);
                }

                Latencies[Calls++] = Stopwatch.GetTimestamp() - began;
                Operations += entries;
                Bytes += entries * (long)(options.KeySize + (values is null ? 0 : options.ValueSize));
                i += entries;
            }
        }

        private void ReadRandom(bool missing)
        {
            // readmissing reads key i without its last byte, a key one byte shorter than every key
            // written: db_bench 1.23's ReadMissing, Slice(key.data(), key.size() - 1).
            var buffer = new byte[options.KeySize];
            var key = missing ? buffer.AsMemory(0, buffer.Length - 1) : buffer;
            for (var i = from; i < to; i++)
            {
                options.FormatKey(KeyIndex(i), buffer);
                var began = Stopwatch.GetTimestamp();
                var value = store.Get(key.Span);
                Latencies[Calls++] = Stopwatch.GetTimestamp() - began;
                Operations++;
                if (value is not null)
                {
                    Found++;
                    Bytes += key.Length + value.Length;
                }
            }
        }

        private void SeekRandom(IOrderedKeyValueStore ordered)
        {
            var key = new byte[options.KeySize];
            for (var i = from; i < to; i++)
            {
                options.FormatKey(KeyIndex(i), key);
                var began = Stopwatch.GetTimestamp();
                using (var iterator = ordered.NewIterator())
                {
                    iterator.Seek(key);
                    if (iterator.Valid && iterator.Key.SequenceEqual(key))
                    {
                        Found++;
                    }

                    ThrowIfFailed(iterator, "seekrandom");
                }

                Latencies[Calls++] = Stopwatch.GetTimestamp() - began;
                Operations++;
            }
        }

        private void ReadSeq(IOrderedKeyValueStore ordered)
        {
            // Thread t of T scans from key N*t/T, so that the threads read different parts of the key space.
            if (from == to)
            {
                return;
            }

            var start = thread == 0 ? [] : options.FormatKey((long)options.Num * from / options.EffectiveReads);
            using var iterator = ordered.NewIterator();
            var began = Stopwatch.GetTimestamp();
            iterator.Seek(start);
            for (var i = from; i < to && iterator.Valid; i++)
            {
                Bytes += iterator.Key.Length + iterator.Value.Length;
                iterator.Next();
                var now = Stopwatch.GetTimestamp();
                Latencies[Calls++] = now - began;
                began = now;
                Operations++;
            }

            ThrowIfFailed(iterator, "readseq");
        }

        private void ReadReverse(IOrderedKeyValueStore ordered)
        {
            // Thread t of T scans backwards from the last key before key N*(t+1)/T (the last thread from the last key).
            if (from == to)
            {
                return;
            }

            using var iterator = ordered.NewIterator();
            var began = Stopwatch.GetTimestamp();
            if (thread == options.Threads - 1)
            {
                iterator.SeekToLast();
            }
            else
            {
                iterator.Seek(options.FormatKey((long)options.Num * to / options.EffectiveReads));
                if (iterator.Valid)
                {
                    iterator.Prev();
                }
                else
                {
                    iterator.SeekToLast();
                }
            }

            for (var i = from; i < to && iterator.Valid; i++)
            {
                Bytes += iterator.Key.Length + iterator.Value.Length;
                iterator.Prev();
                var now = Stopwatch.GetTimestamp();
                Latencies[Calls++] = now - began;
                began = now;
                Operations++;
            }

            ThrowIfFailed(iterator, "readreverse");
        }

        private void ThrowIfFailed(IKeyValueIterator iterator, string workload)
        {
            if (iterator.Error is { } error)
            {
                throw new IOException($"{workload} stopped after {Operations} operations: the iterator failed: {error.Message}", error);
            }
        }
    }
}
