namespace FromScratch.Lab.Tests.Starter;

/// <summary>
/// The tests that build the repository's projects in place in nested dotnet processes run one at
/// a time: two MSBuild processes updating shared/obj at once could collide.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NestedLabBuilds
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Nested lab builds";
}
