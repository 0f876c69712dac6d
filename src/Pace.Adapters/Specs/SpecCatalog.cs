using Pace.Core.Diagnostics;
using Pace.Core.Specs;

namespace Pace.Adapters.Specs;

/// <summary>
/// Finds the specs of a project: native specs in <c>specs/*.json</c> and execute-spec folders in
/// <c>.agent-os/specs/*/tasks.json</c>. The project folder is the working folder, or the nearest
/// parent (up to the repository root) that has pace.json, <c>specs/</c> or <c>.agent-os/</c>.
/// </summary>
public static class SpecCatalog
{
    public sealed record Entry(string Path, SpecParseResult Result)
    {
        public string Name => Result.Spec?.Name ?? System.IO.Path.GetFileNameWithoutExtension(Path);
    }

    public static string ProjectFolder(string workingFolder, string repoRoot)
    {
        var folder = Path.GetFullPath(workingFolder);
        for (var i = 0; i < 10 && folder.StartsWith(repoRoot, StringComparison.Ordinal); i++)
        {
            if (File.Exists(Path.Combine(folder, "pace.json")) || Directory.Exists(Path.Combine(folder, "specs")) || Directory.Exists(Path.Combine(folder, ".agent-os")))
            {
                return folder;
            }

            folder = Path.GetDirectoryName(folder) ?? folder;
        }

        return Path.GetFullPath(workingFolder);
    }

    public static IReadOnlyList<Entry> List(string projectFolder)
    {
        var files = new List<string>();
        var native = Path.Combine(projectFolder, "specs");
        if (Directory.Exists(native))
        {
            files.AddRange(Directory.EnumerateFiles(native, "*.json").Order(StringComparer.Ordinal));
        }

        var agentOs = Path.Combine(projectFolder, ".agent-os", "specs");
        if (Directory.Exists(agentOs))
        {
            files.AddRange(Directory.EnumerateDirectories(agentOs).Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "tasks.json")).Where(File.Exists));
        }

        return [.. files.Select(f => new Entry(f, SpecParser.Parse(f, File.ReadAllBytes(f))))];
    }

    /// <summary>The valid spec named <paramref name="name"/>.</summary>
    /// <exception cref="InputException">No such spec, or it has errors (every one of them is listed).</exception>
    public static Spec Find(string projectFolder, string name)
    {
        var entries = List(projectFolder);
        var matches = entries.Where(e => e.Name == name || FolderName(e.Path) == name).ToList();
        if (matches.Count == 0)
        {
            var known = entries.Count == 0 ? "there are none in specs/ or .agent-os/specs/" : "known: " + string.Join(", ", entries.Select(e => e.Name));
            throw new InputException($"no spec named \"{name}\" in {projectFolder} ({known})");
        }

        if (matches.Count > 1)
        {
            throw new InputException($"{matches.Count} specs are named \"{name}\": {string.Join(", ", matches.Select(m => m.Path))}; rename one");
        }

        var result = matches[0].Result;
        return result.Spec ?? throw new InputException(
            $"{matches[0].Path}: {result.Errors.Count()} problem{(result.Errors.Count() == 1 ? "" : "s")}; nothing was run or written",
            [.. result.Errors]);
    }

    /// <summary>An execute-spec folder's name without its date: 2025-01-31-frontend-ui is frontend-ui.</summary>
    private static string FolderName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (name == "tasks")
        {
            name = Path.GetFileName(Path.GetDirectoryName(path)!);
            if (name.Length > 11 && char.IsAsciiDigit(name[0]) && name[10] == '-')
            {
                name = name[11..];
            }
        }

        return name;
    }
}
