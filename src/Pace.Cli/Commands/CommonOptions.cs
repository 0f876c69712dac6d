using System.CommandLine;
using Pace.Cli.Output;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Commands;

internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print machine-readable JSON" };

    public static Option<string?> File() => new("--file", "-f")
    {
        Description = "The feature list to use (default: feature_list.json here or in up to 10 parent folders)",
        HelpName = "path",
    };

    /// <summary>
    /// Runs a command body; in --json mode an input error is also printed as a JSON object on
    /// standard output, so a calling script always gets JSON.
    /// </summary>
    public static int Guard(CliContext context, bool json, Func<int> body, Action<System.Text.Json.Utf8JsonWriter>? jsonErrorFields = null)
    {
        try
        {
            return body();
        }
        catch (InputException e) when (json)
        {
            JsonOutput.Error(context.Out, e, jsonErrorFields);
            throw;
        }
    }
}
