using System.CommandLine;
using Pace.Adapters.Doctor;
using Pace.Adapters.Storage;
using Pace.Cli.Output;

namespace Pace.Cli.Commands;

/// <summary>`pace doctor [--fix] [--json]`: reconciles Pace's state with git; exit 0 healthy, 1 problems remain, 2 bad input.</summary>
internal static class DoctorCommand
{
    public sealed record Options(string? File, bool Fix, bool Json);

    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File();
        var json = CommonOptions.Json();
        var fix = new Option<bool>("--fix") { Description = "Repair what can be repaired safely (stale lock, torn journal line, unreadable state moved aside)" };
        var command = new Command("doctor", "Check Pace's state against git, list every difference and what would be done; --fix repairs what is safe") { file, fix, json };
        command.SetAction((parse, _) =>
            RunAsync(context, new Options(parse.GetValue(file), parse.GetValue(fix), parse.GetValue(json)), context.Cancellation));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        var listPath = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        var root = await LoopHost.GitRootAsync(Path.GetDirectoryName(listPath)!, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<IDoctorSection> sections = [new LoopDoctor(root, Path.GetRelativePath(root, listPath).Replace('\\', '/'), context.Clock)];
        var findings = await ExamineAsync(sections, cancellationToken).ConfigureAwait(false);
        var done = new List<string>();
        if (options.Fix && findings.Any(f => f.Repair is not null))
        {
            // The stale lock goes first; then the doctor holds the lock itself, so no run starts while it repairs.
            foreach (var finding in findings.Where(f => f.Repair is not null && f.Check == "lock"))
            {
                done.Add(finding.Repair!());
            }

            using (RunLock.Acquire(root, "pace doctor --fix", context.Clock))
            {
                foreach (var finding in findings.Where(f => f.Repair is not null && f.Check != "lock"))
                {
                    done.Add(finding.Repair!());
                }
            }

            findings = await ExamineAsync(sections, cancellationToken).ConfigureAwait(false);
        }

        var healthy = findings.All(f => f.Kind != FindingKind.Problem);
        if (options.Json)
        {
            DoctorOutput.Json(context.Out, healthy, done, findings);
        }
        else
        {
            DoctorOutput.Text(context.Out, healthy, done, findings, options.Fix);
        }

        return healthy ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<List<DoctorFinding>> ExamineAsync(IReadOnlyList<IDoctorSection> sections, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        foreach (var section in sections)
        {
            findings.AddRange(await section.ExamineAsync(cancellationToken).ConfigureAwait(false));
        }

        return findings;
    }
}
