namespace FromScratch.Shared.Randomness;

/// <summary>
/// LevelDB's pseudo-random generator (util/random.h), the one db_bench draws its values from: Park
/// and Miller's "minimal standard" Lehmer generator, <c>seed = seed * 16807 mod (2^31 - 1)</c>, which
/// cycles through every value in [1, 2^31 - 2]. Reproduced exactly so that the values the workload
/// runner writes are db_bench's, byte for byte, and so that db-05's skip list draws its node heights
/// as LevelDB's does (<c>OneIn(4)</c> from seed 0xdeadbeef). Not thread-safe.
/// </summary>
public sealed class LevelDbRandom
{
    private const uint M = 2147483647;   // 2^31 - 1
    private const ulong A = 16807;       // bits 14, 8, 7, 5, 2, 1, 0
    private uint _seed;

    /// <summary>A generator seeded as LevelDB seeds one: the low 31 bits, and 1 instead of the two seeds that would stick (0 and M).</summary>
    public LevelDbRandom(uint seed)
    {
        _seed = seed & 0x7fffffffu;
        if (_seed is 0 or M)
        {
            _seed = 1;
        }
    }

    /// <summary>The next value, in [1, 2^31 - 2].</summary>
    public uint Next()
    {
        // seed * A mod M, using (x << 31) mod M == x: fold the high bits onto the low ones; the sum
        // may exceed M by at most one more fold's worth, and can never equal M.
        var product = _seed * A;
        _seed = (uint)((product >> 31) + (product & M));
        if (_seed > M)
        {
            _seed -= M;
        }

        return _seed;
    }

    /// <summary>A value in [0, <paramref name="n"/>) (LevelDB's <c>Uniform</c>: <c>Next() % n</c>).</summary>
    public uint Uniform(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return Next() % (uint)n;
    }

    /// <summary>True with odds 1 in <paramref name="n"/> (LevelDB's <c>OneIn</c>: <c>Next() % n == 0</c>).</summary>
    public bool OneIn(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return Next() % (uint)n == 0;
    }
}
