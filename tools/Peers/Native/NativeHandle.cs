using System.Runtime.InteropServices;

namespace FromScratch.Peers.Native;

/// <summary>
/// A native object (a database, an iterator, a snapshot, an options or write-batch object) owned
/// through a <see cref="SafeHandle"/>, and the native objects it needs alive while it exists:
/// <code>
///   DatabaseHandle  &lt;- needs its default read and write options, LevelDB's block cache and filter policy
///   IteratorHandle  &lt;- needs the database, its read options, the snapshot it reads
///   SnapshotHandle  &lt;- needs the database (leveldb_release_snapshot takes both)
/// </code>
/// The invariants that keep a misused wrapper from crashing the process:
/// <list type="number">
/// <item>The constructor takes a reference on every dependency (<see cref="SafeHandle.DangerousAddRef"/>)
/// before it creates the object, so a closed dependency throws <see cref="ObjectDisposedException"/>
/// and nothing is created; the references are let go only after the object is destroyed.</item>
/// <item>The object is destroyed exactly once, when the handle's reference count reaches zero: after
/// <see cref="SafeHandle.Dispose()"/> (or the finalizer) and after every native call in flight that
/// passed the handle (the P/Invoke marshaller holds a reference for the call). So disposing a store
/// while another thread is inside a call on one of its iterators waits for that call, and the
/// database is closed only after its last iterator and snapshot are destroyed.</item>
/// <item>A call that passes a disposed handle throws <see cref="ObjectDisposedException"/> instead of
/// passing a freed pointer (the marshaller's reference fails).</item>
/// </list>
/// </summary>
internal abstract class NativeHandle : SafeHandle
{
    private readonly Action<IntPtr> _destroy;
    private readonly SafeHandle[] _dependencies;
    private int _released;

    /// <summary>Takes a reference on each dependency, then creates the object with <paramref name="create"/> (which may return zero: the handle is then invalid and holds nothing).</summary>
    /// <exception cref="ObjectDisposedException">A dependency is already closed; nothing was created.</exception>
    protected NativeHandle(Func<IntPtr> create, Action<IntPtr> destroy, params ReadOnlySpan<SafeHandle?> dependencies)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(destroy);
        _destroy = destroy;
        var taken = new List<SafeHandle>(dependencies.Length);
        try
        {
            foreach (var dependency in dependencies)
            {
                if (dependency is null)
                {
                    continue;
                }

                var added = false;
                dependency.DangerousAddRef(ref added);
                taken.Add(dependency);
            }

            _dependencies = [.. taken];
            var pointer = create();
            if (pointer == IntPtr.Zero)
            {
                ReleaseDependencies();
            }
            else
            {
                SetHandle(pointer);
            }
        }
        catch
        {
            _dependencies = [.. taken];
            ReleaseDependencies();
            throw;
        }
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The native pointer, for passing to a call while the caller holds a reference (or owns the handle and knows it is open).</summary>
    public IntPtr Pointer => handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        _destroy(handle);
        ReleaseDependencies();
        return true;
    }

    private void ReleaseDependencies()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        for (var i = _dependencies.Length - 1; i >= 0; i--)
        {
            _dependencies[i].DangerousRelease();
        }
    }
}
