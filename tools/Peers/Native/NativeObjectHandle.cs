namespace FromScratch.Peers.Native;

/// <summary>
/// An options, read-options, write-options, cache, filter-policy or write-batch object: created and
/// destroyed by the functions given, with no dependencies. Short-lived ones are disposed by the code
/// that made them; those a database needs for its whole life are its dependencies
/// (<see cref="DatabaseHandle"/>), so they are destroyed after it is closed.
/// </summary>
internal sealed class NativeObjectHandle(Func<IntPtr> create, Action<IntPtr> destroy)
    : NativeHandle(create, destroy)
{
}
