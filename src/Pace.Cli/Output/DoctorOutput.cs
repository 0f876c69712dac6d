using Pace.Adapters.Doctor;

namespace Pace.Cli.Output;

/// <summary>The doctor's report: a line per check, and for each difference what would be done or what a person must do.</summary>
internal static class DoctorOutput
{
    public static void Text(TextWriter output, bool healthy, IReadOnlyList<string> done, IReadOnlyList<DoctorFinding> findings, bool fixing)
    {
        foreach (var line in done)
        {
            output.WriteLine($"fixed: {line}");
        }

        foreach (var finding in findings)
        {
            var label = finding.Kind switch { FindingKind.Ok => "ok", FindingKind.Note => "note", _ => "PROBLEM" };
            output.WriteLine($"[{label}] {finding.Area}/{finding.Check}: {finding.Found}");
            if (finding.Action.Length > 0)
            {
                var how = finding.Repair is not null && !fixing ? " (pace doctor --fix)" : "";
                output.WriteLine($"    {(finding.Repair is not null ? "would" : "->")}: {finding.Action}{how}");
            }
        }

        var problems = findings.Count(f => f.Kind == FindingKind.Problem);
        output.WriteLine(healthy ? "healthy" : $"{problems} problem{(problems == 1 ? "" : "s")} remain{(problems == 1 ? "s" : "")}");
    }

    public static void Json(TextWriter output, bool healthy, IReadOnlyList<string> done, IReadOnlyList<DoctorFinding> findings) =>
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("healthy", healthy);
            json.WriteStartArray("fixed");
            foreach (var line in done)
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteStartArray("findings");
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("area", finding.Area);
                json.WriteString("check", finding.Check);
                json.WriteString("kind", finding.Kind.ToString().ToLowerInvariant());
                json.WriteString("found", finding.Found);
                json.WriteString("action", finding.Action);
                json.WriteBoolean("fixable", finding.Repair is not null);
                json.WriteBoolean("blocksRun", finding.BlocksRun);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
}
