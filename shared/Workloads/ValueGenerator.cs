using FromScratch.Shared.Randomness;

namespace FromScratch.Shared.Workloads;

/// <summary>
/// Values for the write workloads, exactly as db_bench makes them (LevelDB 1.23
/// benchmarks/db_bench.cc, <c>RandomGenerator</c>; util/testutil.cc, <c>CompressibleString</c>):
/// <code>
///   data := piece piece piece ...   until it holds at least 1 MiB (1,048,600 bytes: 10,486 pieces)
///   piece := 100 bytes: raw repeated, raw = (int)(100 * compression_ratio) printable bytes ' '..'~'
///            drawn from LevelDB's Random (<see cref="LevelDbRandom"/>) seeded with 301
///   value := the next value_size bytes of data; back to the start when they would run past the end
///
///   compression_ratio 0.5:  piece = "Dl7&amp;...(50 random bytes)" twice  -&gt; compresses to about half
/// </code>
/// db_bench seeds with 301 always; this class takes the seed (the runner passes
/// <see cref="WorkloadOptions.Seed"/>, 301 by default, so default runs write db_bench's bytes). Every
/// thread of every workload starts a generator of its own at the start of the data, as each db_bench
/// thread does. Values longer than half a mebibyte get a longer buffer (db_bench asserts instead).
/// Not thread-safe: one instance per thread.
/// </summary>
internal sealed class ValueGenerator
{
    private const int Piece = 100;
    private readonly byte[] _data;
    private int _position;

    public ValueGenerator(int seed, double compressionRatio, int valueSize)
    {
        var random = new LevelDbRandom((uint)seed);
        var size = Math.Max(1 << 20, 2 * valueSize);
        _data = new byte[(size + Piece - 1) / Piece * Piece];
        var raw = new byte[Math.Max(1, (int)(Piece * compressionRatio))];
        for (var at = 0; at < _data.Length; at += Piece)
        {
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = (byte)(' ' + random.Uniform(95));
            }

            var piece = _data.AsSpan(at, Piece);
            for (var i = 0; i < piece.Length; i++)
            {
                piece[i] = raw[i % raw.Length];
            }
        }
    }

    /// <summary>The next <paramref name="length"/> bytes of the data (db_bench's <c>Generate</c>); valid until the next call.</summary>
    public ReadOnlySpan<byte> Next(int length)
    {
        if (_position + length > _data.Length)
        {
            _position = 0;
        }

        _position += length;
        return _data.AsSpan(_position - length, length);
    }
}
