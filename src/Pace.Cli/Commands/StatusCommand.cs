using System.CommandLine;
using Pace.Adapters.Storage;
using Pace.Cli.Output;
using Pace.Core.Features;

namespace Pace.Cli.Commands;

internal static class StatusCommand
{
    public sealed record Options(string? File, bool Json, bool Check);

    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var file = CommonOptions.File();
        var check = new Option<bool>("--check") { Description = "Exit with code 2 while any feature still fails (for hooks)" };
        var command = new Command("status", "Show how many features pass and which one is next") { json, file, check };
        command.Aliases.Add("progress");
        command.SetAction(parse => Run(context, new Options(parse.GetValue(file), parse.GetValue(json), parse.GetValue(check))));
        return command;
    }

    public static int Run(CliContext context, Options options) => CommonOptions.Guard(context, options.Json, () =>
    {
        var listPath = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        var list = FeatureListFiles.Load(listPath);
        var progress = list.Progress;
        // Read once: the stuck marks, the pause and a worktree run's place all come from it.
        var saved = RunStateFile.WithFolder(listPath);
        var work = NextWork.Of(list, saved?.State);
        var next = work.Next;
        if (options.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteNumber("passing", progress.Passing);
                json.WriteNumber("failing", progress.Failing);
                json.WriteNumber("total", progress.Total);
                json.WriteNumber("percentage", progress.Percentage);
                json.WriteBoolean("isComplete", progress.IsComplete);
                if (list.ProjectName is { } name)
                {
                    json.WriteString("projectName", name);
                }
                else
                {
                    json.WriteNull("projectName");
                }

                if (next is null)
                {
                    json.WriteNull("nextFeature");
                }
                else
                {
                    json.WriteStartObject("nextFeature");
                    JsonOutput.FeatureSummary(json, next);
                    json.WriteEndObject();
                }

                work.WriteStuckJson(json);
                json.WriteEndObject();
            });
        }
        else if (context.IsTerminal)
        {
            TerminalOutput.Status(context.Out, list, work.Workable, work.NoneText);
        }
        else
        {
            PlainOutput.Status(context.Out, list, next, work.NoneText);
        }

        if (!options.Json && work.StuckLine is { } stuck)
        {
            context.Out.WriteLine(stuck);
        }

        if (!options.Json && work.WaitingLine is { } waiting)
        {
            context.Out.WriteLine(waiting);
        }

        if (!options.Json && saved?.State is { Finished: false, Pause: { } pause })
        {
            context.Out.WriteLine($"Run: {PauseText.Of(pause)}");
        }

        if (!options.Json && WorktreeText.Of(saved, listPath) is { } elsewhere)
        {
            context.Out.WriteLine($"Run: {elsewhere}");
        }

        if (options.Check && !progress.IsComplete)
        {
            context.Error.WriteLine(next is null ? $"{NextWork.Sentence(work.NoneText)}: 'pace run --retry-stuck'" : $"Continue to: {next.Id} - {next.Description}");
            return ExitCodes.InputError;
        }

        return ExitCodes.Ok;
    });
}
