namespace FromScratch.Shared.Workloads;

/// <summary>
/// Values for the write workloads, as db_bench makes them: a seeded buffer of at least 1 MiB built from
/// 100-byte pieces, each a random run of <c>ratio * 100</c> printable bytes repeated to fill the piece,
/// so a value compresses to about <c>ratio</c> of its size; values are consecutive slices of the buffer
/// (wrapping around). One instance per thread.
/// </summary>
internal sealed class ValueGenerator
{
    private const int Piece = 100;
    private readonly byte[] _data;
    private int _position;

    public ValueGenerator(int seed, double compressionRatio, int valueSize)
    {
        var random = new Random(seed);
        _data = new byte[Math.Max(1 << 20, 2 * valueSize)];
        var raw = new byte[Math.Max(1, (int)(Piece * compressionRatio))];
        for (var at = 0; at < _data.Length; at += Piece)
        {
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = (byte)random.Next(' ', '~' + 1);
            }

            var piece = _data.AsSpan(at, Math.Min(Piece, _data.Length - at));
            for (var i = 0; i < piece.Length; i++)
            {
                piece[i] = raw[i % raw.Length];
            }
        }

        _position = random.Next(_data.Length / 2);
    }

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
