using System.Buffers.Binary;
using CsCheck;
using FromScratch.Shared.Checksums;

namespace FromScratch.Bitcask.Tests;

[Trait("Step", "01")]
public sealed class Step01DataFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("bitcask");

    public void Dispose() => _dir.Dispose();

    private (string Path, List<(long Offset, int Size)> Records) WriteFile(params (ulong Seq, RecordKind Kind, byte[] Key, byte[] Value, bool Continues)[] records)
    {
        var path = _dir.File($"{Guid.NewGuid():N}.data");
        var placed = new List<(long, int)>();
        using var writer = new DataFileWriter(RealFileSystem.Instance.OpenFile(path, FileOpenMode.CreateNew), ownsFile: true);
        foreach (var (seq, kind, key, value, continues) in records)
        {
            var offset = writer.Append(seq, kind, key, value, continues);
            placed.Add((offset, (int)(writer.Length - offset)));
        }
        writer.Sync();
        return (path, placed);
    }

    private static DataFileScanResult Scan(string path, bool resynchronize = false)
    {
        using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);
        return new DataFileReader(file).Scan(0, resynchronize);
    }

    private static readonly (ulong, RecordKind, byte[], byte[], bool)[] ThreeRecords =
    [
        (1, RecordKind.Put, TestData.Text("alpha"), TestData.Value(1, 100), false),
        (2, RecordKind.Put, TestData.Text("beta"), TestData.Value(2, 300), false),
        (3, RecordKind.Delete, TestData.Text("alpha"), [], false),
    ];

    [Fact]
    public void Record_has_the_documented_layout()
    {
        // The worked example at the top of DataFileWriter.cs: Put(1, "a", "xyz"), Delete(2, "a").
        var (path, records) = WriteFile((1, RecordKind.Put, TestData.Text("a"), TestData.Text("xyz"), false), (2, RecordKind.Delete, TestData.Text("a"), [], false));
        var bytes = File.ReadAllBytes(path);

        bytes.Should().HaveCount(43);
        records.Should().Equal((0L, 23), (23L, 20));
        bytes.AsSpan(4, 19).ToArray().Should().Equal(
            [0x01, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01, 0x00, 0x03, 0, 0, 0, 0x61, 0x78, 0x79, 0x7a]);
        bytes.AsSpan(27, 16).ToArray().Should().Equal([0x02, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x01, 0x00, 0, 0, 0, 0, 0x61]);
        BinaryPrimitives.ReadUInt32LittleEndian(bytes).Should().Be(Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(4, 19))));
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(23)).Should().Be(Crc32C.Mask(Crc32C.Compute(bytes.AsSpan(27, 16))));
        DataFileWriter.HeaderSize.Should().Be(19);
    }

    [Fact]
    public void Batch_flag_is_the_high_bit_of_the_kind_byte_and_reads_back()
    {
        var (path, _) = WriteFile((7, RecordKind.Put, TestData.Text("k"), TestData.Text("v"), true), (8, RecordKind.Delete, TestData.Text("k"), [], false));
        File.ReadAllBytes(path)[12].Should().Be(0x81);

        var scan = Scan(path);
        scan.Records.Select(r => (r.Sequence, r.Kind, r.BatchContinues)).Should().Equal((7UL, RecordKind.Put, true), (8UL, RecordKind.Delete, false));
    }

    [Fact]
    public void Records_round_trip_for_random_keys_values_and_kinds()
    {
        var record = Gen.Select(Gen.Byte.Array[1, 40], Gen.Byte.Array[0, 600], Gen.Bool, Gen.Bool);
        record.Array[1, 30].Sample(items =>
        {
            var input = items.Select((r, i) => ((ulong)(i + 1), r.Item3 ? RecordKind.Delete : RecordKind.Put, r.Item1, r.Item3 ? Array.Empty<byte>() : r.Item2, r.Item4)).ToArray();
            var (path, placed) = WriteFile(input);
            using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);
            var reader = new DataFileReader(file);

            var all = reader.ReadAll().ToList();
            all.Select(r => (r.Sequence, r.Kind, r.Key, r.Value, r.BatchContinues)).Should().BeEquivalentTo(input, o => o.WithStrictOrdering());
            all.Select(r => (r.Offset, r.Size)).Should().Equal(placed);
            for (var i = 0; i < input.Length; i++)
            {
                reader.ReadAt(placed[i].Offset, placed[i].Size).Value.Should().Equal(input[i].Item4);
            }
            File.Delete(path);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Every_flipped_bit_of_a_record_is_detected_by_ReadAt_with_file_and_offset()
    {
        var (path, records) = WriteFile(ThreeRecords);
        var pristine = File.ReadAllBytes(path);
        var (offset, size) = records[1];
        var missed = new List<string>();
        for (var at = offset; at < offset + size; at++)
        {
            for (var bit = 0; bit < 8; bit += 3)
            {
                var bytes = (byte[])pristine.Clone();
                bytes[at] ^= (byte)(1 << bit);
                File.WriteAllBytes(path, bytes);
                using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);
                try
                {
                    new DataFileReader(file).ReadAt(offset, size);
                    missed.Add($"byte {at} bit {bit}");
                }
                catch (CorruptionException e)
                {
                    if (e.FilePath != path || e.Offset != offset)
                    {
                        missed.Add($"byte {at} bit {bit}: reported {e.FilePath} @{e.Offset}");
                    }
                }
            }
        }
        missed.Should().BeEmpty("a flipped bit anywhere in a record must fail its checksum, reported at the record's offset");
    }

    [Fact]
    public void ReadValue_rejects_a_record_of_another_key()
    {
        var (path, records) = WriteFile(ThreeRecords);
        using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);
        var reader = new DataFileReader(file);

        reader.ReadValue(records[1].Offset, records[1].Size, TestData.Text("beta")).Should().Equal(ThreeRecords[1].Item4);
        reader.ReadValue(records[2].Offset, records[2].Size, TestData.Text("alpha")).Should().BeNull("a tombstone has no value");
        var act = () => reader.ReadValue(records[1].Offset, records[1].Size, TestData.Text("alpha"));
        act.Should().Throw<CorruptionException>().Which.Offset.Should().Be(records[1].Offset);
    }

    [Fact]
    public void Every_truncation_point_yields_the_whole_records_before_it_and_one_torn_tail()
    {
        var (path, records) = WriteFile(ThreeRecords);
        var pristine = File.ReadAllBytes(path);
        var failures = new List<string>();
        for (var cut = 0; cut <= pristine.Length; cut++)
        {
            File.WriteAllBytes(path, pristine[..cut]);
            var scan = Scan(path);
            var whole = records.Count(r => r.Offset + r.Size <= cut);
            var validEnd = whole == 0 ? 0 : records[whole - 1].Offset + records[whole - 1].Size;
            var expectTorn = validEnd < cut;
            var ok = scan.Records.Count == whole
                && scan.ValidLength == validEnd
                && scan.Damage.Count == (expectTorn ? 1 : 0)
                && scan.Damage.All(d => d.IsTornTail && d.Offset == validEnd && d.Length == cut - validEnd);
            if (!ok)
            {
                failures.Add($"cut {cut}: {scan.Records.Count} records (expected {whole}), valid length {scan.ValidLength} (expected {validEnd}), damage [{string.Join("; ", scan.Damage)}]");
            }
        }
        failures.Should().BeEmpty();
    }

    [Fact]
    public void Zeros_where_the_file_grew_but_the_data_never_arrived_are_a_torn_tail()
    {
        var (path, records) = WriteFile(ThreeRecords);
        using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write(new byte[700]);
        }

        var scan = Scan(path);

        scan.Records.Should().HaveCount(3);
        scan.ValidLength.Should().Be(records[2].Offset + records[2].Size);
        scan.Damage.Should().ContainSingle().Which.Should().Match<DataFileDamage>(d => d.IsTornTail && d.Length == 700);
    }

    [Fact]
    public void ReadAll_throws_CorruptionException_at_the_first_bad_record()
    {
        var (path, records) = WriteFile(ThreeRecords);
        var bytes = File.ReadAllBytes(path);
        bytes[records[1].Offset + 30] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);

        var read = new List<DataRecord>();
        var act = () => read.AddRange(new DataFileReader(file).ReadAll());

        act.Should().Throw<CorruptionException>().Which.Should().Match<CorruptionException>(e => e.Offset == records[1].Offset && e.FilePath == path && e.Reason.Contains("checksum"));
        read.Should().ContainSingle("the record before the damage is returned, nothing after it");
    }

    [Fact]
    public void Scan_stops_at_damage_or_resynchronises_past_it()
    {
        var (path, records) = WriteFile(ThreeRecords);
        var bytes = File.ReadAllBytes(path);
        bytes[records[1].Offset + 50] ^= 0x01;   // in beta's value
        File.WriteAllBytes(path, bytes);

        var stopped = Scan(path);
        stopped.Records.Select(r => r.Sequence).Should().Equal(1UL);
        stopped.ValidLength.Should().Be(records[1].Offset);
        stopped.Damage.Should().ContainSingle().Which.Should().Be(
            new DataFileDamage(path, records[1].Offset, records[1].Size, stopped.Damage[0].Reason, IsTornTail: false));

        var resynchronised = Scan(path, resynchronize: true);
        resynchronised.Records.Select(r => r.Sequence).Should().Equal(1UL, 3UL);
        resynchronised.Damage.Should().ContainSingle().Which.Length.Should().Be(records[1].Size);
        resynchronised.ValidLength.Should().Be(records[1].Offset, "the valid prefix still ends at the first damage");
    }

    // A record the writer could never produce, with a checksum that matches it: only the header
    // checks can reject it (a flipped bit is caught by the checksum long before these matter).
    private static byte[] HandMadeRecord(byte kind, byte[] key, byte[] value)
    {
        var record = new byte[DataFileWriter.HeaderSize + key.Length + value.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), 5);
        record[12] = kind;
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(13), (ushort)key.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(15), (uint)value.Length);
        key.CopyTo(record.AsSpan(DataFileWriter.HeaderSize));
        value.CopyTo(record.AsSpan(DataFileWriter.HeaderSize + key.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(record, Crc32C.Mask(Crc32C.Compute(record.AsSpan(4))));
        return record;
    }

    [Theory]
    [InlineData("key size 0")]
    [InlineData("tombstone with a value")]
    [InlineData("unknown kind")]
    public void Header_fields_outside_the_format_are_damage_even_under_a_matching_checksum(string mistake)
    {
        var record = mistake switch
        {
            "key size 0" => HandMadeRecord((byte)RecordKind.Put, [], [1, 2, 3]),
            "tombstone with a value" => HandMadeRecord((byte)RecordKind.Delete, [7], [1]),
            _ => HandMadeRecord(3, [7], [1]),
        };
        var (path, records) = WriteFile(ThreeRecords[0]);
        var good = File.ReadAllBytes(path);
        File.WriteAllBytes(path, [.. good, .. record]);
        using var file = RealFileSystem.Instance.OpenFile(path, FileOpenMode.OpenReadOnly);
        var reader = new DataFileReader(file);

        FluentActions.Invoking(() => reader.ReadAt(good.Length, record.Length)).Should().Throw<CorruptionException>()
            .Which.Offset.Should().Be(good.Length, $"a record with {mistake} is not a record, whatever its checksum says");
        var scan = reader.Scan();
        scan.Records.Should().ContainSingle();
        scan.ValidLength.Should().Be(records[0].Size);
        scan.Damage.Should().ContainSingle().Which.Should().Match<DataFileDamage>(d => d.Offset == good.Length && d.IsTornTail);
    }

    [Fact]
    public void Writer_rejects_records_the_format_cannot_hold()
    {
        var buffer = new byte[100];
        FluentActions.Invoking(() => DataFileWriter.Encode(buffer, 1, RecordKind.Put, [], [1])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => DataFileWriter.Encode(buffer, 1, RecordKind.Delete, [1], [1])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => DataFileWriter.Encode(buffer, 1, RecordKind.Put, new byte[DataFileWriter.MaxKeyLength + 1], [])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => DataFileWriter.Encode(buffer.AsSpan(0, 20), 1, RecordKind.Put, [1, 2], [])).Should().Throw<ArgumentException>();
        DataFileWriter.Encode(buffer, 1, RecordKind.Put, [1], [2]).Should().Be(21);
        var longest = new byte[DataFileWriter.RecordLength(DataFileWriter.MaxKeyLength, 0)];
        DataFileWriter.Encode(longest, 1, RecordKind.Put, new byte[DataFileWriter.MaxKeyLength], []).Should().Be(longest.Length, "a key of 65,535 bytes is the longest the format holds, not one too many");
    }
}
