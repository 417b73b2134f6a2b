namespace FromScratch.Lab;

/// <summary>One component of a lab: what its test project tests.</summary>
/// <param name="Name">The <c>LabComponent</c> name, e.g. <c>Wal</c> or <c>Shared</c>.</param>
/// <param name="TestProject">The test project's .csproj, absolute.</param>
/// <param name="ReferenceProject">The reference implementation's .csproj, absolute.</param>
internal sealed record LabComponentInfo(string Name, string TestProject, string ReferenceProject)
{
    /// <summary>
    /// The lab's other components the test project also uses (its <c>LabComponentReference</c>
    /// items, build/Lab.targets): they come from the same place as this one, the reference or the
    /// learner's starter folder.
    /// </summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The reference project's folder.</summary>
    public string ReferenceDirectory => Path.GetDirectoryName(ReferenceProject)!;

    /// <summary>The reference project's name (its file name without .csproj): the starter's project has the same.</summary>
    public string ProjectName => Path.GetFileNameWithoutExtension(ReferenceProject);
}
