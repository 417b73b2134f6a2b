using FromScratch.Peers.Comparison;

namespace FromScratch.Bitcask.Benchmarks;

/// <summary>
/// Bitcask as the lab's engine in <c>compare</c> (tools/Peers, <see cref="CompareCommand"/>): its
/// default options, which match the comparison's rules (no compression; no fsync unless a write asks,
/// like LevelDB and RocksDB without WriteOptions.Sync).
/// </summary>
internal static class BitcaskPeerEngine
{
    public static PeerEngine Create()
    {
        var options = new BitcaskOptions();
        return new PeerEngine(
            "bitcask",
            $"Bitcask (db-04): SyncMode {options.SyncMode}, max data file {options.MaxFileSize >> 20} MiB, paranoid checks {(options.ParanoidChecks ? "on" : "off")}, no compression, hash index in memory (no key order)",
            directory => BitcaskStore.Open(directory, options));
    }
}
