namespace FromScratch.Peers;

/// <summary>An iterator or snapshot a <see cref="PeerStore"/> keeps track of, so that disposing the store closes it first.</summary>
internal interface IStoreOwned
{
    /// <summary>Closes it because its store is being disposed: later use throws <see cref="ObjectDisposedException"/> saying so.</summary>
    void CloseWithStore();
}
