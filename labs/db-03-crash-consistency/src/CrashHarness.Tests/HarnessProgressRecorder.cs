
namespace FromScratch.CrashHarness.Tests;

/// <summary>A synchronous IProgress (Progress&lt;T&gt; would post to the thread pool, so a test could not rely on its order).</summary>
internal sealed class HarnessProgressRecorder : IProgress<CrashProgress>
{
    public List<CrashProgress> Reports { get; } = [];

    public void Report(CrashProgress value) => Reports.Add(value);
}
