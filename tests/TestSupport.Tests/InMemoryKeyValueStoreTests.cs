using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>The model itself: copies in and out, order, snapshots.</summary>
[Trait("Step", "00")]
public sealed class InMemoryKeyValueStoreTests
{
    [Fact]
    public void Model_copies_keys_and_values_in_and_out()
    {
        using var store = new InMemoryKeyValueStore();
        var key = Bytes.Of("k");
        var value = Bytes.Of("value");
        store.Put(key, value);
        key[0] = (byte)'x';
        value[0] = (byte)'X';

        var read = store.Get(Bytes.Of("k"))!;
        read.Should().Equal(Bytes.Of("value"));
        read[0] = 0;
        store.Get(Bytes.Of("k")).Should().Equal(Bytes.Of("value"));
        store.Get(Bytes.Of("x")).Should().BeNull();
    }

    [Fact]
    public void Model_orders_keys_as_unsigned_bytes_with_prefixes_first()
    {
        using var store = new InMemoryKeyValueStore();
        byte[][] keys = [[0xFF], [0x80], [0x7F], [0x7F, 0], [0], [1, 0xFF]];
        foreach (var key in keys)
        {
            store.Put(key, []);
        }

        store.Entries().Select(e => Convert.ToHexString(e.Key)).Should().Equal("00", "01FF", "7F", "7F00", "80", "FF");
        store.Scan(new byte[] { 0x7F }, new byte[] { 0x80 }).Select(e => Convert.ToHexString(e.Key)).Should().Equal("7F", "7F00");
    }

    [Fact]
    public void Clone_is_independent_and_ContentEquals_compares_entries()
    {
        using var store = new InMemoryKeyValueStore();
        store.Write(new WriteBatch().Put(Bytes.Of("a"), Bytes.Of("1")).Put(Bytes.Of("b"), Bytes.Of("2")).Delete(Bytes.Of("a")));
        using var clone = store.Clone();

        clone.ContentEquals(store).Should().BeTrue();
        clone.Put(Bytes.Of("b"), Bytes.Of("3"));
        clone.ContentEquals(store).Should().BeFalse();
        store.Get(Bytes.Of("b")).Should().Equal(Bytes.Of("2"));
        store.Count.Should().Be(1);
    }
}
