using System.Globalization;
using System.Text.Json;
using Pace.Core.Loop;

namespace Pace.Cli.Output;

/// <summary>"paused until HH:MM (agent, reason)": the run waiting for an agent's usage window, for `pace status` and the loop's output.</summary>
internal static class PauseText
{
    public static string Of(PauseState pause) =>
        $"paused until {pause.Until.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)} ({pause.Agent}, {pause.Reason})";

    /// <summary>The pause of the unfinished run beside the feature list (its folder or a parent's .pace), if any; never throws.</summary>
    public static string? ForList(string listPath)
    {
        try
        {
            for (var folder = Path.GetDirectoryName(Path.GetFullPath(listPath)); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                var path = Path.Combine(folder, ".pace", "run", "state.json");
                if (File.Exists(path))
                {
                    var state = JsonSerializer.Deserialize(File.ReadAllBytes(path), LoopJson.Default.RunState);
                    return state is { Finished: false, Pause: { } pause } ? Of(pause) : null;
                }

                if (Directory.Exists(Path.Combine(folder, ".git")))
                {
                    return null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // status reports the feature list; an unreadable run state is `pace doctor`'s to report.
        }

        return null;
    }
}
