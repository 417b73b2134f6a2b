namespace FromScratch.Lab;

/// <summary>One learner project and the lab test project that tests it.</summary>
/// <param name="Component">The lab component the project implements.</param>
/// <param name="Project">The learner's .csproj, absolute.</param>
internal sealed record ImplementationTarget(LabComponentInfo Component, string Project);

/// <summary>
/// What <c>--impl &lt;path&gt;</c> names, for <c>lab test</c> and <c>lab grade</c>:
/// <list type="bullet">
/// <item>a .csproj, or a folder holding exactly one: that project, tested by the lab's test
/// project for the component it implements (the one <c>--component</c> names; else the one named
/// like the project, <c>Shared.csproj</c> -> tests/Shared.Tests; else the lab's own, when it has one);</item>
/// <item>a folder holding no .csproj but, for some components of the lab, a subfolder
/// <c>&lt;Project&gt;/&lt;Project&gt;.csproj</c> named like the reference project: a starter written by
/// <c>lab start</c> (db-01's has Shared/ and PageFile/). Each such project is a target, in the lab's
/// order, or only the one <c>--component</c> names.</item>
/// </list>
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
                return [Single(layout, projects[0], component)];
            }

            if (projects.Length > 1)
            {
                throw new LabCommandException(
                    $"--impl: the folder '{full}' holds {projects.Length} .csproj files ({string.Join(", ", projects.Select(Path.GetFileName).Order(StringComparer.Ordinal))}); pass the one to test.");
            }

            var components = Candidates(layout);
            var starter = components
                .Select(c => new ImplementationTarget(c, Path.Combine(full, c.ProjectName, c.ProjectName + ".csproj")))
                .Where(t => File.Exists(t.Project))
                .ToList();
            if (starter.Count == 0)
            {
                throw new LabCommandException(
                    $"--impl: the folder '{full}' holds no .csproj (nor a starter's {string.Join(" or ", components.Select(c => $"{c.ProjectName}/{c.ProjectName}.csproj"))}). Pass your project file or its folder.");
            }

            if (component is null)
            {
                return starter;
            }

            var chosen = starter.Where(t => string.Equals(t.Component.Name, component, StringComparison.OrdinalIgnoreCase)).ToList();
            return chosen.Count > 0
                ? chosen
                : throw new LabCommandException($"--component: the starter in '{full}' has no project for '{component}'; it has {string.Join(", ", starter.Select(t => t.Component.Name))}.");
        }

        if (File.Exists(full))
        {
            return full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                ? [Single(layout, full, component)]
                : throw new LabCommandException($"--impl: '{full}' is not a .csproj file. Pass your project file or its folder.");
        }

        throw new LabCommandException($"--impl: '{full}' does not exist. Pass your project file or its folder (relative paths start from '{currentDirectory}').");
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
