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

    public static int Run(CliContext context, Options options)
    {
        string path;
        FeatureListParseResult result;
        try
        {
            path = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
            result = FeatureListFiles.Read(path);
        }
        catch (InputException e) when (options.Json)
        {
            // validate's JSON is its report, whatever stops it (docs/exit-codes.md): the file it was
            // asked to check, or the one it looked for first, with the problem as its error.
            var wanted = Path.GetFullPath(options.File ?? FeatureListFiles.FileName, context.WorkingFolder);
            WriteJson(context, wanted, null, [Diagnostic.Error(wanted, null, e.Message)], []);
            throw;
        }

        var errors = result.Errors.ToList();
        var warnings = result.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
        if (options.Json)
        {
            WriteJson(context, path, result.List, errors, warnings);
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
    }

    /// <summary>The report: valid (a list was read), the file, its format, every error and warning, and the list's counts.</summary>
    private static void WriteJson(CliContext context, string path, FeatureList? list, IReadOnlyList<Diagnostic> errors, IReadOnlyList<Diagnostic> warnings) =>
        JsonOutput.Write(context.Out, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", list is not null);
            json.WriteString("file", path);
            if (list is not null)
            {
                json.WriteString("format", list.Format.Name());
            }
            else
            {
                json.WriteNull("format");
            }

            JsonOutput.Diagnostics(json, "errors", errors);
            JsonOutput.Diagnostics(json, "warnings", warnings);
            if (list is not null)
            {
                WriteStats(json, list);
            }
            else
            {
                json.WriteNull("stats");
            }

            json.WriteEndObject();
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
