using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.CrashHarness.Tests;

/// <summary>A workload assembled from delegates, so that a test states its run and its checks in place.</summary>
internal sealed class HarnessDelegateWorkload(
    string name,
    Action<IFileSystem, CrashLedger> run,
    Action<IFileSystem, CrashLedger> verify,
    Func<CorruptionException, CrashLedger, bool>? acceptCorruption = null,
    Action<IFileSystem>? recover = null) : ICrashWorkload
{
    public string Name => name;

    public void Run(IFileSystem fileSystem, CrashLedger ledger) => run(fileSystem, ledger);

    public void Verify(IFileSystem recovered, CrashLedger ledger) => verify(recovered, ledger);

    public void Recover(IFileSystem recovered) => recover?.Invoke(recovered);

    public bool IsAcceptableCorruption(CorruptionException corruption, CrashLedger ledger) =>
        acceptCorruption?.Invoke(corruption, ledger) ?? false;
}
