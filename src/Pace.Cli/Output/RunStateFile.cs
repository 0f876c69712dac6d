using System.Text.Json;
using Pace.Core.Loop;

namespace Pace.Cli.Output;

/// <summary>
/// The loop's saved state beside a feature list, read by the commands that show what a run would do
/// (`pace status`, `pace next`, `pace run --dry-run`): its pause and its stuck marks.
/// </summary>
internal static class RunStateFile
{
    /// <summary>The run state in the list's folder or a parent's .pace (up to the repository's root), if any; never throws.</summary>
    public static RunState? ForList(string listPath) => WithFolder(listPath)?.State;

    /// <summary>The run state as <see cref="ForList"/> finds it, with the folder that holds its .pace.</summary>
    public static (RunState State, string Folder)? WithFolder(string listPath)
    {
        try
        {
            for (var folder = Path.GetDirectoryName(Path.GetFullPath(listPath)); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var path = Path.Combine(folder, ".pace", "run", "state.json");
                if (File.Exists(path))
                {
                    return JsonSerializer.Deserialize(File.ReadAllBytes(path), LoopJson.Default.RunState) is { } state ? (state, folder) : null;
                }

                if (Directory.Exists(Path.Combine(folder, ".git")))
                {
                    return null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // These commands report the feature list; an unreadable run state is `pace doctor`'s to report.
        }

        return null;
    }
}
