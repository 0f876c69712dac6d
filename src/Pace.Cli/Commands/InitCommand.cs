using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pace.Adapters.Config;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Cli.Commands;

internal static class InitCommand
{
    public const string ConfigFileName = "pace.json";

    public sealed record Options(string? ProjectName, string? Import);

    public static Command Create(CliContext context)
    {
        var name = new Option<string?>("--project-name") { Description = "The project's name in a new feature list (default: the folder's name)", HelpName = "name" };
        var import = new Option<string?>("--import") { Description = "Copy this feature list (either format) into the folder after validating it", HelpName = "path" };
        var command = new Command("init", "Set up Pace here: pace.json, a feature_list.json (new or imported), and .gitignore entries") { name, import };
        command.SetAction(parse => Run(context, new Options(parse.GetValue(name), parse.GetValue(import))));
        return command;
    }

    public static int Run(CliContext context, Options options)
    {
        var folder = context.WorkingFolder;
        var listPath = Path.Combine(folder, FeatureListFiles.FileName);
        var configPath = Path.Combine(folder, ConfigFileName);

        // Everything is checked before anything is written, so a refused init changes nothing.
        byte[]? listContent = null;
        if (options.Import is { } import)
        {
            var source = Path.GetFullPath(import, folder);
            if (!File.Exists(source))
            {
                throw new InputException($"{import}: no such file");
            }

            if (File.Exists(listPath))
            {
                throw new InputException($"{listPath} already exists; move it away to import another list");
            }

            FeatureListFiles.Load(source);
            listContent = File.ReadAllBytes(source);
        }
        else if (File.Exists(listPath))
        {
            var existing = FeatureListFiles.Load(listPath);
            context.Out.WriteLine($"kept     {FeatureListFiles.FileName} ({existing.Format.Name()} format, {existing.Features.Count} features, {existing.Progress.Passing} passing)");
        }
        else
        {
            listContent = StarterList(options.ProjectName ?? new DirectoryInfo(folder).Name);
        }

        if (listContent is not null)
        {
            AtomicFile.WriteVerbatim(listPath, listContent);
            context.Out.WriteLine($"created  {FeatureListFiles.FileName}");
        }

        if (File.Exists(configPath))
        {
            context.Out.WriteLine($"kept     {ConfigFileName}");
        }
        else
        {
            var check = CheckDetector.Detect(folder);
            AtomicFile.WriteAllText(configPath, ConfigWith(check));
            context.Out.WriteLine(check is null
                ? $"created  {ConfigFileName} (no test command found: add one under pace.checks; Pace judges every session by its checks)"
                : $"created  {ConfigFileName} (check: {check.Command})");
        }

        var ignored = EnsureIgnored(folder, [".pace/", FeatureListFiles.FileName + ".bak"]);
        context.Out.WriteLine(ignored ? "updated  .gitignore" : "kept     .gitignore");
        context.Out.WriteLine("Next: edit feature_list.json, then 'pace status'.");
        return ExitCodes.Ok;
    }

    internal static string ConfigWith(Core.Verification.CheckSpec? check)
    {
        var checks = check is null
            ? "[]"
            : $"[\n      {{ \"name\": \"{check.Name}\", \"run\": {JsonSerializer.Serialize(check.Command, InitJson.Default.String)}, \"timeoutSeconds\": {(int)check.Timeout.TotalSeconds} }}\n    ]";
        return $$"""
            {
              "pace": {
                "orchestrator": {
                  "maxSessions": 10,
                  "maxFailures": 3,
                  "sessionDelay": 0
                },
                "agent": "claude",
                "session": { "timeoutMinutes": 30 },
                "checks": {{checks}}
              }
            }

            """;
    }

    private static byte[] StarterList(string projectName)
    {
        var escaped = JsonEncodedText.Encode(projectName, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        var text = $$"""
            {
              "features": [
                {
                  "id": "CORE-001",
                  "category": "core",
                  "description": "Describe one user-visible behaviour per feature",
                  "priority": "high",
                  "steps": [
                    "Say how a person would check it",
                    "Name the command or test that proves it"
                  ],
                  "passes": false
                }
              ],
              "metadata": {
                "project_name": "{{escaped}}",
                "total_features": 1,
                "passing": 0,
                "failing": 1
              }
            }

            """;
        var bytes = Encoding.UTF8.GetBytes(text);
        // The starter must itself be a valid list; a broken template is a bug, not a user error.
        if (!FeatureListParser.Parse("starter", bytes).IsValid)
        {
            throw new InvalidOperationException("the starter feature list is invalid");
        }

        return bytes;
    }

    private static bool EnsureIgnored(string folder, IReadOnlyList<string> patterns)
    {
        var path = Path.Combine(folder, ".gitignore");
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var lines = text.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var missing = patterns.Where(p => !lines.Contains(p)).ToList();
        if (missing.Count == 0)
        {
            return false;
        }

        var prefix = text.Length == 0 || text.EndsWith('\n') ? "" : "\n";
        AtomicFile.WriteAllText(path, text + prefix + string.Join("\n", missing) + "\n");
        return true;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class InitJson : System.Text.Json.Serialization.JsonSerializerContext;
