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
}
