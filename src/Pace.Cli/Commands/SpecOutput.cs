using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Cli.Commands;

/// <summary>The seed's status report as text or JSON, and its exit code.</summary>
internal static class SpecOutput
{
    public static int Print(CliContext context, SpecStatusReport report, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(SpecStateJson.Write(report)));
        }
        else
        {
            context.Out.WriteLine($"[{report.Phase}] {report.Message}");
            if (report.NextAction != "none")
            {
                context.Out.WriteLine($"Next: {report.NextAction}");
            }
        }

        return report.Status switch
        {
            SpecStatusReport.Failed => ExitCodes.Failed,
            SpecStatusReport.Waiting => ExitCodes.Waiting,
            _ => ExitCodes.Ok,
        };
    }

    /// <summary>The tasks of the file left out of the plan (agent-os v4 infrastructure steps), each with why.</summary>
    public static void LeftOut(TextWriter output, Spec spec)
    {
        if (spec.LeftOut.Count == 0)
        {
            return;
        }

        output.WriteLine($"Left out of the plan: {spec.LeftOut.Count} infrastructure task(s) of {Path.GetFileName(Path.GetDirectoryName(spec.Path))}/{Path.GetFileName(spec.Path)}, done by Pace itself:");
        foreach (var task in spec.LeftOut)
        {
            output.WriteLine($"  {task.Id} ({task.TaskType}: {task.Description}): {task.Reason}");
        }
    }
}
