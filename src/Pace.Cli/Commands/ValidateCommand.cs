using System.CommandLine;
using Pace.Adapters.Storage;
using Pace.Cli.Output;
using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Cli.Commands;

internal static class ValidateCommand
{
    public sealed record Options(string? File, bool Json);

    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var file = CommonOptions.File();
        var command = new Command("validate", "Check the feature list and name every problem with its line and column") { json, file };
        command.SetAction(parse => Run(context, new Options(parse.GetValue(file), parse.GetValue(json))));
        return command;
    }

    public static int Run(CliContext context, Options options) => CommonOptions.Guard(context, options.Json, () =>
    {
        var path = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        var result = FeatureListFiles.Read(path);
        var errors = result.Errors.ToList();
        var warnings = result.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
        if (options.Json)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("valid", result.IsValid);
                json.WriteString("file", path);
                if (result.List is { } list)
                {
                    json.WriteString("format", list.Format.Name());
                }
                else
                {
                    json.WriteNull("format");
                }

                JsonOutput.Diagnostics(json, "errors", errors);
                JsonOutput.Diagnostics(json, "warnings", warnings);
                if (result.List is { } valid)
                {
                    WriteStats(json, valid);
                }
                else
                {
                    json.WriteNull("stats");
                }

                json.WriteEndObject();
            });
        }
        else
        {
            foreach (var diagnostic in errors.Concat(warnings))
            {
                context.Out.WriteLine(diagnostic.ToString());
            }

            context.Out.WriteLine(result.List is { } list
                ? $"{path}: valid ({list.Format.Name()} format, {list.Features.Count} features, {Plural(warnings.Count, "warning")})"
                : $"{path}: invalid ({Plural(errors.Count, "error")}, {Plural(warnings.Count, "warning")})");
        }

        return result.IsValid ? ExitCodes.Ok : ExitCodes.InputError;
    });

    private static void WriteStats(System.Text.Json.Utf8JsonWriter json, FeatureList list)
    {
        json.WriteStartObject("stats");
        json.WriteNumber("total", list.Progress.Total);
        json.WriteNumber("passing", list.Progress.Passing);
        json.WriteNumber("failing", list.Progress.Failing);
        json.WriteStartObject("byCategory");
        foreach (var (category, count) in list.CountByCategory())
        {
            json.WriteNumber(category, count);
        }

        json.WriteEndObject();
        json.WriteStartObject("byPriority");
        foreach (var priority in Priorities.All)
        {
            json.WriteNumber(priority.Name(), list.CountWith(priority));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
