namespace FromScratch.Lab.Starter;

/// <summary>The outcome of comparing one component's starter with its reference.</summary>
/// <param name="Component">The component.</param>
/// <param name="ReferenceErrors">Compiler errors of the reference (empty when it compiled).</param>
/// <param name="StarterErrors">Compiler errors of the starter (empty when it compiled).</param>
/// <param name="Differences">API lines only in the reference ("- ") or only in the starter ("+ ").</param>
/// <param name="ApiLines">How many API lines the reference has.</param>
internal sealed record ApiComparison(
    LabComponentInfo Component,
    IReadOnlyList<string> ReferenceErrors,
    IReadOnlyList<string> StarterErrors,
    IReadOnlyList<string> Differences,
    int ApiLines)
{
    /// <summary>Both compiled and their public APIs are equal.</summary>
    public bool Equal => ReferenceErrors.Count == 0 && StarterErrors.Count == 0 && Differences.Count == 0;
}

/// <summary>
/// Compares a starter's public API with the reference's: both compiled in memory
/// (<see cref="InMemoryBuild"/>) against the same references, then read back from metadata
/// (<see cref="ApiSurface"/>). This is what guarantees that the lab's tests, which use only the
/// public API, compile against the starter.
/// </summary>
internal static class ApiCheck
{
    /// <summary>Compares every component of <paramref name="starter"/>.</summary>
    public static IReadOnlyList<ApiComparison> Compare(string repoRoot, StarterResult starter)
    {
        ArgumentNullException.ThrowIfNull(starter);
        var build = new InMemoryBuild(repoRoot);
        return [.. starter.Components.Select(c => Compare(build, c.Component, Path.GetDirectoryName(c.ProjectPath)!))];
    }

    /// <summary>Compares the starter sources in <paramref name="starterDirectory"/> with <paramref name="component"/>'s reference.</summary>
    public static ApiComparison Compare(InMemoryBuild build, LabComponentInfo component, string starterDirectory)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(component);
        var name = "FromScratch." + component.ProjectName;
        var reference = build.CompileLike(component.ReferenceProject, component.ReferenceDirectory, name);
        var starter = build.CompileLike(component.ReferenceProject, starterDirectory, name);
        if (!reference.Succeeded || !starter.Succeeded)
        {
            return new ApiComparison(component, reference.Errors, starter.Errors, [], 0);
        }

        var expected = ApiSurface.Read(reference.Image!);
        var actual = ApiSurface.Read(starter.Image!);
        return new ApiComparison(component, [], [], ApiSurface.Difference(expected, actual), expected.Count);
    }
}
