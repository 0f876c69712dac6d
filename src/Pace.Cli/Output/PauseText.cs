using System.Globalization;
using Pace.Core.Loop;

namespace Pace.Cli.Output;

/// <summary>"paused until HH:MM (agent, reason)": the run waiting for an agent's usage window, for `pace status` and the loop's output.</summary>
internal static class PauseText
{
    public static string Of(PauseState pause) => $"{Until(pause)} ({pause.Agent}, {pause.Reason})";

    public static string Until(PauseState pause) => $"paused until {pause.Until.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture)}";
}
