using System.CommandLine;
using System.Text.Json;
using Pace.Adapters.Storage;
using Pace.Cli.Output;
using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Cli.Commands;

internal static class UpdateCommand
{
    public sealed record Options(string Id, bool Passes, string? File, bool Json);

    /// <summary>pass or fail in any case (the seed's helper takes PASS and Pass too): true, false, or null for anything else.</summary>
    public static bool? ParseStatus(string? status) =>
        string.Equals(status, "pass", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(status, "fail", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var file = CommonOptions.File();
        var id = new Argument<string>("id") { Description = "The feature's id (F001, F002, ... in a plain-array list)" };
        var status = new Argument<string>("status") { Description = "pass or fail (in any case)" };
        status.CompletionSources.Add("pass", "fail");
        status.Validators.Add(result =>
        {
            if (ParseStatus(result.GetValueOrDefault<string>()) is null)
            {
                result.AddError($"Argument '{result.GetValueOrDefault<string>()}' not recognized: the status is pass or fail (in any case).");
            }
        });
        var command = new Command("update", "Mark a feature as passing or failing by hand (recorded as a manual override)") { id, status, json, file };
        command.SetAction(parse => Run(context, new Options(parse.GetValue(id)!, ParseStatus(parse.GetValue(status))!.Value, parse.GetValue(file), parse.GetValue(json))));
        return command;
    }

    public static int Run(CliContext context, Options options)
    {
        var passes = options.Passes;
        return CommonOptions.Guard(context, options.Json, () =>
        {
            var list = FeatureListFiles.Load(FeatureListFiles.Resolve(options.File, context.WorkingFolder));
            var feature = list.Find(options.Id)
                ?? throw new InputException($"{list.Path}: no feature with id \"{options.Id}\"; 'pace status' lists the next ones and the file holds them all; nothing was changed");

            var changed = feature.Passes != passes;
            var progress = list.Progress;
            if (changed)
            {
                var content = FeatureListEditor.SetPassesPieces(list, new Dictionary<FeatureId, bool> { [feature.Id] = passes }, context.Clock.GetUtcNow());
                // The record comes first: an override that cannot be recorded is not made.
                try
                {
                    OverrideLog.Append(list.Path, feature.Id, feature.Passes, passes, context.Clock.GetUtcNow(), durable: false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new InputException($"{OverrideLog.PathFor(list.Path)}: cannot record the manual override ({e.Message}); nothing was changed", e);
                }

                // Atomic (temporary file and rename), but not waiting for the disk: docs/performance.md.
                FeatureListFiles.Save(list, content, durable: false);
                var passing = progress.Passing + (passes ? 1 : -1);
                progress = new FeatureProgress(passing, progress.Total - passing, progress.Total);
            }

            if (options.Json)
            {
                JsonOutput.Write(context.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteBoolean("success", true);
                    json.WriteBoolean("changed", changed);
                    WriteIdentity(json, options, feature.Passes);
                    json.WriteString("description", feature.Description);
                    json.WriteString("category", feature.Category);
                    if (feature.Priority is { } priority)
                    {
                        json.WriteString("priority", priority.Name());
                    }
                    else
                    {
                        json.WriteNull("priority");
                    }

                    json.WriteStartObject("progress");
                    JsonOutput.Progress(json, progress);
                    json.WriteEndObject();
                    json.WriteEndObject();
                });
            }
            else
            {
                var change = changed ? $"{Status(feature.Passes)} -> {Status(passes)}" : $"already {Status(passes)}, nothing changed";
                context.Out.WriteLine($"{feature.Id}: {change}");
                context.Out.WriteLine($"Progress: {progress.Passing}/{progress.Total} ({progress.Percentage:0.0}%)");
            }

            return ExitCodes.Ok;
        },
        json =>
        {
            json.WriteBoolean("changed", false);
            WriteIdentity(json, options, oldPasses: null);
        });
    }

    private static void WriteIdentity(Utf8JsonWriter json, Options options, bool? oldPasses)
    {
        json.WriteString("featureId", options.Id);
        if (oldPasses is { } old)
        {
            json.WriteString("oldStatus", Status(old));
        }
        else
        {
            json.WriteNull("oldStatus");
        }

        json.WriteString("newStatus", Status(options.Passes));
    }

    private static string Status(bool passes) => passes ? "passing" : "failing";
}
