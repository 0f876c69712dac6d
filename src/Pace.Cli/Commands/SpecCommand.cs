using System.CommandLine;
using Pace.Adapters.Specs;
using Pace.Cli.Output;
using Pace.Core.Diagnostics;
using Pace.Core.Waves;

namespace Pace.Cli.Commands;

/// <summary>`pace spec list | run | status | retry | recover NAME`; run also takes the seed's --status, --retry and --recover.</summary>
internal static class SpecCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("spec", "Run a spec's tasks in waves: parallel worktrees, a pull request per wave, review, merge");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Run(context, "run", SpecHost.Mode.Run, "Run or resume the spec until it must wait or is done"));
        command.Subcommands.Add(Run(context, "status", SpecHost.Mode.Status, "Show the run's state without doing anything"));
        command.Subcommands.Add(Run(context, "retry", SpecHost.Mode.Retry, "Start the current wave again (its old branches are kept on refs)"));
        command.Subcommands.Add(Run(context, "recover", SpecHost.Mode.Recover, "Forget the run's state and start over from wave 1"));
        return command;
    }

    private static Command Run(CliContext context, string name, SpecHost.Mode mode, string description)
    {
        var spec = new Argument<string>("name") { Description = "The spec's name, or its file (specs/NAME.json) or .agent-os/specs folder, with or without the folder's date" };
        var manual = new Option<bool>("--manual") { Description = "Do not poll for a review: stop at AWAITING_REVIEW (exit 3) and check again on the next run" };
        var yes = new Option<bool>("--yes") { Description = "Merge the final pull request into the target branch without asking" };
        var agent = new Option<string?>("--agent") { Description = "The agent for tasks (default: pace.spec.agent, then pace.agent)", HelpName = "name" };
        var reviewer = new Option<string?>("--reviewer") { Description = "An agent that reviews, or 'person' for `pace review` (default: pace.spec.reviewer)", HelpName = "name" };
        var forge = new Option<string?>("--forge") { Description = "Where pull requests live: local (.pace/forge) or github (default: pace.forge.type, then local)", HelpName = "local|github" };
        var json = CommonOptions.Json();
        var command = new Command(name, description) { spec, manual, yes, agent, reviewer, forge, json };
        var status = new Option<bool>("--status") { Description = "As `pace spec status`" };
        var retry = new Option<bool>("--retry") { Description = "As `pace spec retry`" };
        var recover = new Option<bool>("--recover") { Description = "As `pace spec recover`" };
        if (mode == SpecHost.Mode.Run)
        {
            command.Options.Add(status);
            command.Options.Add(retry);
            command.Options.Add(recover);
        }

        var fleet = FleetCommand.FleetOption(required: false);
        fleet.Description = "Give the task sessions to the fleet's workers (pace worker) through this PostgreSQL database instead of running them here; merges, pull requests and reviews stay here. The password comes from ~/.pgpass, PGPASSFILE or PGPASSWORD";
        var remote = new Option<string?>("--remote") { Description = "With --fleet: the git remote (a name or a URL) the workers fetch the project from and push their work to (default: origin)", HelpName = "remote" };
        var takeOver = new Option<string?>("--take-over") { Description = "With --fleet: go on with the spec's fleet run of this name (pace fleet status lists them) whose coordinator, on another host or in another clone of the project, has stopped or died", HelpName = "run" };
        if (mode != SpecHost.Mode.Status)
        {
            command.Options.Add(fleet);
            command.Options.Add(remote);
        }

        if (mode == SpecHost.Mode.Run)
        {
            command.Options.Add(takeOver);
        }

        command.SetAction(async (parse, _) =>
        {
            var chosen = mode != SpecHost.Mode.Run ? mode
                : parse.GetValue(status) ? SpecHost.Mode.Status
                : parse.GetValue(retry) ? SpecHost.Mode.Retry
                : parse.GetValue(recover) ? SpecHost.Mode.Recover
                : SpecHost.Mode.Run;
            var options = new SpecHost.Options(parse.GetValue(spec)!, chosen, parse.GetValue(manual), parse.GetValue(yes), parse.GetValue(json), parse.GetValue(agent), parse.GetValue(reviewer), parse.GetValue(forge))
            {
                Fleet = parse.GetValue(fleet),
                Remote = parse.GetValue(remote) is { } r ? (parse.GetValue(fleet) is not null ? r : throw new InputException("--remote applies to a run with --fleet only")) : null,
                TakeOver = parse.GetValue(takeOver) is { } t ? (parse.GetValue(fleet) is not null && chosen == SpecHost.Mode.Run ? t : throw new InputException("--take-over applies to a run with --fleet only (not with --status, --retry or --recover)")) : null,
            };
            try
            {
                return await SpecHost.RunAsync(context, options, context.Cancellation).ConfigureAwait(false);
            }
            catch (InputException e) when (options.Json)
            {
                JsonOutput.SpecError(context.Out, options.Name, e);
                throw;
            }
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List the project's specs, their waves and where their runs are") { json };
        command.SetAction(async (parse, _) =>
        {
            var root = await SpecProject.GitRootAsync(context.WorkingFolder, context.Cancellation).ConfigureAwait(false);
            var project = SpecCatalog.ProjectFolder(context.WorkingFolder, root);
            var rows = SpecCatalog.List(project).Select(entry => Row(root, project, entry)).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, w =>
                {
                    w.WriteStartArray();
                    foreach (var row in rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", row.Name);
                        w.WriteString("path", row.Path);
                        w.WriteBoolean("valid", row.Errors == 0);
                        w.WriteNumber("errors", row.Errors);
                        w.WriteNumber("waves", row.Waves);
                        w.WriteNumber("tasks", row.Tasks);
                        w.WriteString("phase", row.Phase);
                        if (row.Error is not null)
                        {
                            w.WriteString("error", row.Error);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else if (rows.Count == 0)
            {
                context.Out.WriteLine($"No specs in {project} (specs/*.json or .agent-os/specs/*/tasks.json).");
            }
            else
            {
                foreach (var row in rows)
                {
                    var shape = row.Error is not null
                        ? $"{row.Error}{(row.Errors > 1 ? $" (and {row.Errors - 1} more: pace spec status {row.Name} lists them)" : "")}"
                        : $"{row.Tasks} tasks in {row.Waves} waves";
                    context.Out.WriteLine($"{row.Name,-24} {row.Phase,-18} {shape}  ({row.Path})");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A spec as listed; a broken one (Errors above 0) has the phase "broken" and its first error.</summary>
    private sealed record SpecRow(string Name, string Path, int Errors, int Waves, int Tasks, string Phase, string? Error);

    private static SpecRow Row(string root, string project, SpecCatalog.Entry entry)
    {
        var spec = entry.Result.Spec;
        var phase = spec is null ? "broken" : "not started";
        if (spec is not null)
        {
            var layout = new SpecLayout(root, SpecProject.Relative(root, project), SpecProject.Relative(root, entry.Path), spec.Name, spec.Format);
            if (File.Exists(layout.StatePath))
            {
                phase = SpecStateJson.Read(layout.StatePath, File.ReadAllBytes(layout.StatePath)).Phase.Name();
            }
        }

        var first = entry.Result.Errors.FirstOrDefault();
        var error = first is null ? null : (first with { File = SpecProject.Relative(root, first.File) }).ToString();
        return new SpecRow(entry.Name, SpecProject.Relative(root, entry.Path), entry.Result.Errors.Count(), spec?.Waves.Count ?? 0, spec?.Tasks.Count ?? 0, phase, error);
    }
}
