using System.CommandLine;
using Pace.Adapters.Doctor;
using Pace.Adapters.Forges;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Cli.Output;

namespace Pace.Cli.Commands;

/// <summary>`pace doctor [--fix] [--json]`: reconciles Pace's state (the feature loop, every spec run) with git and the forge (the local one, or GitHub when the project uses it, read only); exit 0 healthy, 1 problems remain, 2 bad input.</summary>
internal static class DoctorCommand
{
    public sealed record Options(string? File, bool Fix, bool Json);

    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File();
        var json = CommonOptions.Json();
        var fix = new Option<bool>("--fix") { Description = "Repair what can be repaired safely (stale lock, torn journal line, unreadable state moved aside, worktrees, branches and pull request records a spec run left out of step)" };
        var command = new Command("doctor", "Check Pace's state (feature loop, spec runs) against git and the local forge, list every difference and what would be done; --fix repairs what is safe") { file, fix, json };
        command.SetAction((parse, _) =>
            RunAsync(context, new Options(parse.GetValue(file), parse.GetValue(fix), parse.GetValue(json)), context.Cancellation));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        // A repository may have spec runs and no feature list: then the loop's own checks (lock, run state) still run, without the list.
        var listPath = options.File is null ? FeatureListFiles.Discover(context.WorkingFolder) : FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        var root = listPath is null
            ? await SpecProject.GitRootAsync(context.WorkingFolder, cancellationToken).ConfigureAwait(false)
            : await LoopHost.GitRootAsync(Path.GetDirectoryName(listPath)!, cancellationToken).ConfigureAwait(false);
        var projectFolder = SpecCatalog.ProjectFolder(context.WorkingFolder, root);
        if (listPath is null && SpecDoctor.StateFiles(root, projectFolder).Count == 0)
        {
            FeatureListFiles.Resolve(null, context.WorkingFolder);
        }

        // A project set up for GitHub (pace.forge): the spec runs' pull requests are asked of it, read only.
        using var http = new HttpClient();
        var settings = SettingsOrNone(projectFolder);
        Func<CancellationToken, Task<Core.Ports.IForge>>? remoteForge = settings?.Forge == ForgeKind.GitHub
            ? token => SpecProject.GitHubForgeAsync(root, settings.GitHub, http, context.Clock, new Adapters.Git.GitCliRepository(root), line => context.Error.WriteLine(line), token)
            : null;
        var featureList = listPath is null ? null : Path.GetRelativePath(root, listPath).Replace('\\', '/');
        IReadOnlyList<IDoctorSection> sections =
        [
            new LoopDoctor(root, featureList, context.Clock),
            new SpecDoctor(root, projectFolder, context.Clock, remoteForge) { TargetSetting = settings?.Spec.TargetBranch },
            new SecretDoctor(root, [featureList is null ? Core.Loop.ProgressLog.FileName : Core.Loop.ProjectLayout.ForFeatureList(featureList).Progress]),
        ];
        var findings = await ExamineAsync(sections, cancellationToken).ConfigureAwait(false);
        var done = new List<string>();
        if (options.Fix && findings.Any(f => f.Repair is not null))
        {
            // The stale lock goes first; then the doctor holds the lock itself, so no run starts while it repairs.
            foreach (var finding in findings.Where(f => f.Repair is not null && f.Check == "lock"))
            {
                done.Add(await finding.Repair!(cancellationToken).ConfigureAwait(false));
            }

            using (RunLock.Acquire(root, "pace doctor --fix", context.Clock))
            {
                foreach (var finding in findings.Where(f => f.Repair is not null && f.Check != "lock"))
                {
                    done.Add(await Repaired(finding, cancellationToken).ConfigureAwait(false));
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

    /// <summary>What a repair did; a repair that git refuses is reported, and the next examination shows the problem still there.</summary>
    /// <summary>
    /// pace.json, whose reading also teaches the redactor the agents' keys, which the secrets check
    /// then looks for; null when it is broken, which is the other commands' to report (the doctor then
    /// checks only what it can offline).
    /// </summary>
    private static Adapters.Config.PaceSettings? SettingsOrNone(string projectFolder)
    {
        try
        {
            return Adapters.Config.PaceSettings.Load(projectFolder);
        }
        catch (Core.Diagnostics.InputException)
        {
            return null;
        }
    }

    private static async Task<string> Repaired(DoctorFinding finding, CancellationToken cancellationToken)
    {
        try
        {
            return await finding.Repair!(cancellationToken).ConfigureAwait(false);
        }
        catch (Adapters.Git.GitException e)
        {
            return $"could not repair {finding.Area}/{finding.Check}: {e.Message}";
        }
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
