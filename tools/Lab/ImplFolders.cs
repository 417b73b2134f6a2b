namespace FromScratch.Lab;

/// <summary>
/// The bin/impl-* and obj/impl-* folders that a build with -p:LabImplementation=&lt;path&gt;
/// creates in the repository's lab test projects: Directory.Build.props names them
/// impl-&lt;key&gt;, the key being MSBuild's StableStringHash of the path with '-' written as 'n'.
/// <c>lab verify</c> (and the tests) remove exactly the folders of the implementations they built,
/// so that builds running at the same time never lose each other's output.
/// </summary>
internal static class ImplFolders
{
    /// <summary>Removes the impl folders of <paramref name="implementation"/> (an absolute .csproj path) from every lab test project.</summary>
    public static void Remove(string root, string implementation)
    {
        var key = "impl-" + Key(implementation);
        foreach (var testProject in TestProjects(root))
        {
            foreach (var kind in new[] { "bin", "obj" })
            {
                var folder = Path.Combine(Path.GetDirectoryName(testProject)!, kind, key);
                if (Directory.Exists(folder))
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (IOException)
                    {
                        // A leftover folder harms nothing.
                    }
                }
            }
        }
    }

    /// <summary>
    /// MSBuild's <c>$([MSBuild]::StableStringHash(s))</c> (the legacy algorithm, the default: the
    /// 32-bit string hash of .NET Framework, over the string's UTF-16 code units read two at a
    /// time), with '-' replaced by 'n' as Directory.Build.props does.
    /// </summary>
    public static string Key(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var hash1 = (5381 << 16) + 5381;
        var hash2 = hash1;
        var chars = path + "\0\0\0";
        var i = 0;
        var left = path.Length;
        while (left > 0)
        {
            hash1 = ((hash1 << 5) + hash1 + (hash1 >> 27)) ^ (chars[i] | (chars[i + 1] << 16));
            if (left <= 2)
            {
                break;
            }

            hash2 = ((hash2 << 5) + hash2 + (hash2 >> 27)) ^ (chars[i + 2] | (chars[i + 3] << 16));
            i += 4;
            left -= 4;
        }

        return unchecked(hash1 + (hash2 * 1566083941)).ToString(System.Globalization.CultureInfo.InvariantCulture).Replace('-', 'n');
    }

    private static IEnumerable<string> TestProjects(string root) =>
        Catalog.Labs.Select(l => new LabLayout(root, l)).Where(l => l.Exists).SelectMany(l => l.Components()).Select(c => c.TestProject).Distinct(StringComparer.Ordinal);
}
