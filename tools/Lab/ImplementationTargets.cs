namespace FromScratch.Lab;

/// <summary>One learner project and the lab test project that tests it.</summary>
/// <param name="Component">The lab component the project implements.</param>
/// <param name="Project">The learner's .csproj, absolute.</param>
/// <param name="Folder">The starter folder the project was found in (it holds the lab's other components too), or null.</param>
internal sealed record ImplementationTarget(LabComponentInfo Component, string Project, string? Folder = null)
{
    /// <summary>
    /// The MSBuild properties that substitute the learner's code (build/Lab.targets):
    /// <c>-p:LabImplementation=&lt;project&gt;</c>, and <c>-p:LabImplementationFolder=&lt;folder&gt;</c>
    /// when the test project also uses other components of the lab and they come from a starter folder.
    /// </summary>
    public IReadOnlyList<string> Properties =>
        Folder is not null && Component.References.Count > 0
            ? [$"-p:LabImplementation={Project}", $"-p:LabImplementationFolder={Folder}"]
            : [$"-p:LabImplementation={Project}"];
}

/// <summary>
/// What <c>--impl &lt;path&gt;</c> names, for <c>lab test</c> and <c>lab grade</c>:
/// <list type="bullet">
/// <item>a .csproj, or a folder holding exactly one: that project, tested by the lab's test
/// project for the component it implements (the one <c>--component</c> names; else the one named
/// like the project, <c>Shared.csproj</c> -> tests/Shared.Tests; else the lab's own, when it has one);</item>
/// <item>a folder holding no .csproj but, for some components of the lab, a subfolder
/// <c>&lt;Project&gt;/&lt;Project&gt;.csproj</c> named like the reference project: a starter written by
/// <c>lab start</c> (db-01's has Shared/ and PageFile/). Each such project is a target, in the lab's
/// order, or only the one <c>--component</c> names; a test project that also uses other components of
/// the lab takes them from the same folder.</item>
/// </list>
/// Either way the learner's project and the test project must not build on two different projects
/// of one name (<see cref="Checked"/>): that is refused with the reason, before any build.
/// Paths are taken from the current directory and made absolute (MSBuild needs absolute paths).
/// </summary>
internal static class ImplementationTargets
{
    /// <summary>The targets <paramref name="impl"/> names; throws <see cref="LabCommandException"/> when it names none.</summary>
    public static IReadOnlyList<ImplementationTarget> Resolve(LabLayout layout, string currentDirectory, string impl, string? component)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var full = Path.GetFullPath(impl, currentDirectory);
        if (Directory.Exists(full))
        {
            var projects = Directory.GetFiles(full, "*.csproj");
            if (projects.Length == 1)
            {
                return Checked(layout, [Single(layout, projects[0], component)]);
            }

            if (projects.Length > 1)
            {
                throw new LabCommandException(
                    $"--impl: the folder '{full}' holds {projects.Length} .csproj files ({string.Join(", ", projects.Select(Path.GetFileName).Order(StringComparer.Ordinal))}); pass the one to test.");
            }

            var components = Candidates(layout);
            var starter = components
                .Select(c => new ImplementationTarget(c, Path.Combine(full, c.ProjectName, c.ProjectName + ".csproj"), full))
                .Where(t => File.Exists(t.Project))
                .ToList();
            if (starter.Count == 0)
            {
                throw new LabCommandException(
                    $"--impl: the folder '{full}' holds no .csproj (nor a starter's {string.Join(" or ", components.Select(c => $"{c.ProjectName}/{c.ProjectName}.csproj"))}). Pass your project file or its folder.");
            }

            var chosen = component is null
                ? starter
                : starter.Where(t => string.Equals(t.Component.Name, component, StringComparison.OrdinalIgnoreCase)).ToList();
            return chosen.Count > 0
                ? Checked(layout, chosen)
                : throw new LabCommandException($"--component: the starter in '{full}' has no project for '{component}'; it has {string.Join(", ", starter.Select(t => t.Component.Name))}.");
        }

        if (File.Exists(full))
        {
            return full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                ? Checked(layout, [Single(layout, full, component)])
                : throw new LabCommandException($"--impl: '{full}' is not a .csproj file. Pass your project file or its folder.");
        }

        throw new LabCommandException($"--impl: '{full}' does not exist. Pass your project file or its folder (relative paths start from '{currentDirectory}').");
    }

    // One assembly per name: the projects the test project builds on (besides the one under test)
    // and the learner's project with everything it references must not hold two different projects
    // of one name (the reference's Core and the learner's Core): both would build FromScratch.Core,
    // and the test run could load the reference's where the learner's was meant.
    private static IReadOnlyList<ImplementationTarget> Checked(LabLayout layout, IReadOnlyList<ImplementationTarget> targets)
    {
        foreach (var target in targets)
        {
            var testSide = ProjectXml.ProjectReferences(target.Component.TestProject)
                .Concat(target.Folder is null ? [] : target.Component.References.Select(r => Path.Combine(target.Folder, r, r + ".csproj")))
                .SelectMany(p => ProjectXml.ProjectClosure(p).Prepend(p))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            var learnerSide = ProjectXml.ProjectClosure(target.Project).Prepend(target.Project).ToList();
            foreach (var learner in learnerSide)
            {
                var clash = testSide.FirstOrDefault(t => !string.Equals(t, learner, StringComparison.Ordinal)
                                                         && string.Equals(Path.GetFileName(t), Path.GetFileName(learner), StringComparison.OrdinalIgnoreCase));
                if (clash is not null)
                {
                    throw new LabCommandException(
                        $"--impl: {layout.Relative(Path.GetDirectoryName(target.Component.TestProject)!)} builds on {Shown(layout, clash)}, and your {Path.GetFileName(target.Project)} on {Shown(layout, learner)}: "
                        + $"the test run would hold two assemblies built from {Path.GetFileName(learner)} and could load the one you did not mean. "
                        + "Reference the repository's project from yours, or pass the starter folder that holds both (./lab start writes one).");
                }
            }
        }

        return targets;
    }

    private static string Shown(LabLayout layout, string path)
    {
        var relative = layout.Relative(path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    // The lab's components, or an error when it has none.
    private static IReadOnlyList<LabComponentInfo> Candidates(LabLayout layout)
    {
        var candidates = layout.Components();
        return candidates.Count > 0
            ? candidates
            : throw new LabCommandException($"{layout.Lab.ShortId} has no test project with a LabComponent in {layout.Relative(layout.SolutionPath)}, so --impl has nothing to substitute.");
    }

    // Which component one learner project implements. In order: the one --component names; the
    // one named like the project (Shared.csproj -> Shared.Tests); the lab's own one, when it has
    // exactly one in its folder.
    private static ImplementationTarget Single(LabLayout layout, string project, string? component)
    {
        var candidates = Candidates(layout);
        var names = string.Join(", ", candidates.Select(c => c.Name));
        if (component is not null)
        {
            var chosen = candidates.Where(c => string.Equals(c.Name, component, StringComparison.OrdinalIgnoreCase)).ToList();
            return chosen.Count == 1
                ? new ImplementationTarget(chosen[0], project)
                : throw new LabCommandException($"--component: {layout.Lab.ShortId} has no component '{component}'; its components are {names}.");
        }

        var projectName = Path.GetFileNameWithoutExtension(project);
        var byName = candidates.Where(c => string.Equals(c.Name, projectName, StringComparison.OrdinalIgnoreCase)
                                           || string.Equals(c.ProjectName, projectName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byName.Count == 1)
        {
            return new ImplementationTarget(byName[0], project);
        }

        var own = candidates.Where(c => IsUnder(c.TestProject, layout.Directory)).ToList();
        return own.Count == 1
            ? new ImplementationTarget(own[0], project)
            : throw new LabCommandException($"{layout.Lab.ShortId} has several components ({names}); say which one your project implements with --component.");
    }

    private static bool IsUnder(string path, string directory)
    {
        var relative = Path.GetRelativePath(directory, path);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
