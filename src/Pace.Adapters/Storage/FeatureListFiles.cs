using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Adapters.Storage;

/// <summary>Finds, reads and saves feature_list.json.</summary>
public static class FeatureListFiles
{
    public const string FileName = "feature_list.json";

    /// <summary>How many parent folders discovery climbs above the starting folder.</summary>
    public const int MaxParents = 10;

    /// <summary>The feature list in <paramref name="startFolder"/> or the nearest of its parents, or null.</summary>
    public static string? Discover(string startFolder)
    {
        var folder = new DirectoryInfo(Path.GetFullPath(startFolder));
        for (var level = 0; level <= MaxParents && folder is not null; level++)
        {
            var candidate = Path.Combine(folder.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            folder = folder.Parent;
        }

        return null;
    }

    /// <summary>The path named by --file, or the discovered one; a clear error when there is none.</summary>
    public static string Resolve(string? explicitPath, string workingFolder)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath, workingFolder);
            return File.Exists(full) ? full : throw new InputException($"{explicitPath}: no such file");
        }

        return Discover(workingFolder)
            ?? throw new InputException($"no {FileName} in {workingFolder} or its {MaxParents} parent folders; run 'pace init' to create one, or name it with --file");
    }

    public static FeatureListParseResult Read(string path)
    {
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = FileBytes.ReadAll(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {e.Message}", e);
        }

        return FeatureListParser.Parse(path, bytes);
    }

    /// <summary>Reads a list that must be valid; an invalid one stops the command with its problems.</summary>
    public static FeatureList Load(string path)
    {
        var result = Read(path);
        if (result.List is { } list)
        {
            return list;
        }

        var errors = result.Errors.ToList();
        throw new InputException($"{path}: {errors.Count} problem{(errors.Count == 1 ? "" : "s")} found; nothing was changed", errors);
    }

    /// <summary>
    /// Replaces the list (and keeps the old one as .bak). A save that is not durable returns without
    /// waiting for the disk: what `pace update` does, run by hand or by hooks many times a session.
    /// </summary>
    public static void Save(FeatureList list, IReadOnlyList<ReadOnlyMemory<byte>> content, bool durable = true) =>
        AtomicFile.WriteVerbatim(list.Path, content, keepBackup: true, durable: durable);
}
