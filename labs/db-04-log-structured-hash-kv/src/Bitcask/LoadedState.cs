namespace FromScratch.Bitcask;

/// <summary>What <see cref="StoreLoader"/> hands to the store: the rebuilt key directory and the open files.</summary>
internal sealed record LoadedState(
    KeyDirectory KeyDirectory,
    IReadOnlyList<DataFile> Files,
    DataFile? Reusable,
    ulong NextSequence,
    int NextFileId,
    long TotalBytes,
    long LiveBytes,
    RecoveryReport Report);
