using BenchmarkDotNet.Attributes;
using FromScratch.Shared.Coding;

namespace FromScratch.PageFile.Benchmarks;

/// <summary>
/// Encoding and decoding 1,000 integers as fixed 64-bit little-endian values against varints.
/// Values: Small (&lt; 128, one varint byte), Mixed (bit lengths spread over 0..64) and Large
/// (full 64-bit, ten varint bytes). Fixed64 encode is the baseline.
/// </summary>
[MemoryDiagnoser]
public class CodingBenchmarks
{
    private const int Count = 1000;
    private readonly byte[] _buffer = new byte[Count * Varint.MaxLength64];
    private readonly byte[] _fixedEncoded = new byte[Count * 8];
    private byte[] _varintEncoded = [];
    private ulong[] _values = [];

    public enum Distribution
    {
        Small,
        Mixed,
        Large,
    }

    [Params(Distribution.Small, Distribution.Mixed, Distribution.Large)]
    public Distribution Values { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _values = new ulong[Count];
        for (var i = 0; i < Count; i++)
        {
            var v = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            _values[i] = Values switch
            {
                Distribution.Small => v & 0x7F,
                Distribution.Mixed => v >> random.Next(64),
                _ => v | (1ul << 63),
            };
        }

        var offset = 0;
        var encoded = new byte[Count * Varint.MaxLength64];
        for (var i = 0; i < Count; i++)
        {
            offset += Varint.Write64(encoded.AsSpan(offset), _values[i]);
            Fixed.Write64(_fixedEncoded.AsSpan(i * 8), _values[i]);
        }

        _varintEncoded = encoded[..offset];
    }

    [Benchmark(Baseline = true)]
    public int FixedEncode()
    {
        var span = _buffer.AsSpan();
        for (var i = 0; i < _values.Length; i++)
        {
            Fixed.Write64(span[(i * 8)..], _values[i]);
        }

        return _values.Length * 8;
    }

    [Benchmark]
    public int VarintEncode()
    {
        var span = _buffer.AsSpan();
        var offset = 0;
        foreach (var v in _values)
        {
            offset += Varint.Write64(span[offset..], v);
        }

        return offset;
    }

    [Benchmark]
    public ulong FixedDecode()
    {
        ReadOnlySpan<byte> span = _fixedEncoded;
        ulong sum = 0;
        for (var i = 0; i < Count; i++)
        {
            sum += Fixed.Read64(span[(i * 8)..]);
        }

        return sum;
    }

    [Benchmark]
    public ulong VarintDecode()
    {
        ReadOnlySpan<byte> span = _varintEncoded;
        ulong sum = 0;
        while (!span.IsEmpty)
        {
            sum += Varint.Read64(span, out var consumed);
            span = span[consumed..];
        }

        return sum;
    }
}
