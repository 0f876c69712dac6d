using System.CommandLine;
using Pace.Adapters.Storage;
using Pace.Cli.Output;

namespace Pace.Cli.Commands;

internal static class NextCommand
{
    public sealed record Options(string? File, bool Json);

    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var file = CommonOptions.File();
        var command = new Command("next", "Show the next feature to work on: the first failing one by priority that is not stuck") { json, file };
        command.SetAction(parse => Run(context, new Options(parse.GetValue(file), parse.GetValue(json))));
        return command;
    }

    public static int Run(CliContext context, Options options) => CommonOptions.Guard(context, options.Json, () =>
    {
        var listPath = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        var list = FeatureListFiles.Load(listPath);
        var work = NextWork.ForList(list, listPath);
        var next = work.Next;
        if (options.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("complete", list.Progress.IsComplete);
                if (next is null)
                {
                    json.WriteNull("feature");
                    json.WriteString("message", list.Progress.IsComplete ? $"All {list.Progress.Total} features pass" : NextWork.Sentence(work.NoneText));
                }
                else
                {
                    json.WriteStartObject("feature");
                    JsonOutput.FeatureSummary(json, next);
                    json.WriteStartArray("steps");
                    foreach (var step in next.Steps)
                    {
                        json.WriteStringValue(step);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteStartObject("progress");
                JsonOutput.Progress(json, list.Progress);
                json.WriteEndObject();
                if (next is not null)
                {
                    json.WriteNumber("remainingCount", list.Progress.Failing);
                }

                work.WriteStuckJson(json);

                json.WriteEndObject();
            });
        }
        else
        {
            PlainOutput.Next(context.Out, list, next, work.NoneText);
            if (work.StuckLine is { } stuck)
            {
                context.Out.WriteLine(stuck);
            }

            if (work.WaitingLine is { } waiting)
            {
                context.Out.WriteLine(waiting);
            }
        }

        return ExitCodes.Ok;
    });
}
