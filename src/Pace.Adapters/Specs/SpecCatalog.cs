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
        /// <summary>The spec's name; for a file too broken to have one, its folder's (execute-spec) or file's name, by which it can be named.</summary>
        public string Name => Result.Spec?.Name ?? Folder;

        /// <summary>The execute-spec folder's name as it is (2025-06-02-stock-report), or a native spec file's name without .json.</summary>
        public string Folder => IsTasksFile(Path) ? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(Path)!) : System.IO.Path.GetFileNameWithoutExtension(Path);

        /// <summary>Every name that picks this spec: its own, its folder's, and the folder's without the date.</summary>
        public bool IsNamed(string name) => Name == name || Folder == name || Undated(Folder) == name;
    }

    public static string ProjectFolder(string workingFolder, string repoRoot)
    {
        var folder = Path.GetFullPath(workingFolder);
        for (var i = 0; i < 10 && folder.StartsWith(repoRoot, StringComparison.Ordinal); i++)
        {
            if (File.Exists(Path.Combine(folder, Pace.Core.Config.PaceConfig.FileName)) || Directory.Exists(Path.Combine(folder, "specs")) || Directory.Exists(Path.Combine(folder, ".agent-os")))
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

    /// <summary>
    /// The valid spec named <paramref name="name"/>: its name, an execute-spec folder's name with or
    /// without its date (2025-06-02-stock-report, stock-report), or a path to the folder, its
    /// tasks.json or a native spec file (only its last part counts).
    /// </summary>
    /// <exception cref="InputException">No such spec, or it has errors (every one of them is listed).</exception>
    public static Spec Find(string projectFolder, string name)
    {
        var entries = List(projectFolder);
        var wanted = LastPart(name);
        var matches = entries.Where(e => e.IsNamed(wanted)).ToList();
        if (matches.Count == 0)
        {
            var known = entries.Count == 0 ? "there are none in specs/ or .agent-os/specs/" : "known: " + string.Join(", ", entries.Select(e => e.Name == e.Folder ? e.Name : $"{e.Name} ({e.Folder})"));
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

    private static bool IsTasksFile(string path) => Path.GetFileName(path) == "tasks.json";

    /// <summary>.agent-os/specs/2025-06-02-stock-report/ or specs/search.json: the folder's or file's own name.</summary>
    private static string LastPart(string name)
    {
        var trimmed = name.Replace('\\', '/').TrimEnd('/');
        var last = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (last == "tasks.json" && trimmed.Contains('/', StringComparison.Ordinal))
        {
            var folder = trimmed[..trimmed.LastIndexOf('/')];
            return folder[(folder.LastIndexOf('/') + 1)..];
        }

        return trimmed.Contains('/', StringComparison.Ordinal) && last.EndsWith(".json", StringComparison.Ordinal) ? last[..^".json".Length] : last;
    }

    /// <summary>An execute-spec folder's name without its date: 2025-01-31-frontend-ui is frontend-ui.</summary>
    private static string Undated(string folder) =>
        folder.Length > 11 && folder[..4].All(char.IsAsciiDigit) && folder[4] == '-' && folder[7] == '-' && folder[10] == '-' ? folder[11..] : folder;
}
