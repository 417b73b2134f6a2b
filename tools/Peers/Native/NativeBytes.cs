namespace FromScratch.Peers.Native;

/// <summary>Views of native memory.</summary>
internal static class NativeBytes
{
    /// <summary>A placeholder buffer for an empty key or value: the C APIs get a valid pointer with length 0 rather than NULL.</summary>
    public static ReadOnlySpan<byte> NonNull(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? [0] : bytes;

    /// <summary>
    /// The <paramref name="length"/> bytes at <paramref name="pointer"/>, which the engine owns (an
    /// iterator's key or value, a value before it is freed), without copying them. Valid only while
    /// the engine keeps them: the caller copies what it keeps. The project's only unsafe code.
    /// </summary>
    public static unsafe ReadOnlySpan<byte> Span(IntPtr pointer, nuint length) =>
        length == 0 ? [] : new ReadOnlySpan<byte>((void*)pointer, checked((int)length));
}
