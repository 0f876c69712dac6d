using System.CommandLine;
using System.Text.Json;
using Pace.Adapters.Git;
using Pace.Adapters.Storage;
using Pace.Adapters.Verification;
using Pace.Cli.Output;
using Pace.Core.Diagnostics;
using Pace.Core.Features;
using Pace.Core.Verification;

namespace Pace.Cli.Commands;

/// <summary>
/// <c>pace verify [ID]</c>: a feature's own acceptance checks (its <c>verify</c> commands) on the tree
/// as it is, with no agent. When every one passes, the feature is marked passing and what ran is kept
/// as its evidence (<c>.pace/verify/ID.json</c>): a feature a person built by hand passes on proof.
/// Without an id, every failing feature that has <c>verify</c> commands is tried.
/// </summary>
internal static class VerifyCommand
{
    public sealed record Options(string? Id, string? File, bool Json);

    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var file = CommonOptions.File();
        var id = new Argument<string?>("id") { Description = "The feature's id (default: every failing feature with verify commands)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("verify", "Run features' own verify commands without an agent; mark the ones that pass as passing, with evidence") { id, json, file };
        command.SetAction((parse, _) => RunAsync(context, new Options(parse.GetValue(id), parse.GetValue(file), parse.GetValue(json)), context.Cancellation));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        var listPath = FeatureListFiles.Resolve(options.File, context.WorkingFolder);
        var list = FeatureListFiles.Load(listPath);
        var features = Chosen(list, options.Id);
        var projectFolder = Path.GetDirectoryName(listPath)!;
        var root = await LoopHost.GitRootAsync(projectFolder, cancellationToken).ConfigureAwait(false);
        // As the loop: Pace's folder and the list's backup stay out of git status.
        await GitExclude.AddAsync(root, [".pace/", Path.GetRelativePath(root, listPath).Replace('\\', '/') + ".bak"], cancellationToken).ConfigureAwait(false);
        var commit = await new GitCliWorkspace(root).HeadAsync(cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(root, ".pace", "verify");
        var runner = new CheckRunner();
        var passed = new Dictionary<FeatureId, bool>();
        var results = new List<(Feature Feature, IReadOnlyList<CheckResult> Checks)>();
        foreach (var feature in features)
        {
            var checks = new List<CheckResult>();
            foreach (var check in VerifiedSession.Acceptance(feature.Verify))
            {
                checks.Add(await runner.RunAsync(check, projectFolder, Path.Combine(folder, FileSafe(feature.Id.Value)), cancellationToken).ConfigureAwait(false));
            }

            results.Add((feature, checks));
            if (checks.All(c => c.Passed))
            {
                passed[feature.Id] = true;
                AtomicFile.Write(Path.Combine(folder, FileSafe(feature.Id.Value) + ".json"), Evidence(feature, commit, checks, context.Clock.GetUtcNow()));
            }
        }

        if (passed.Keys.Any(k => !list.Find(k.Value)!.Passes))
        {
            var content = FeatureListEditor.SetPassesPieces(list, passed.Where(p => !list.Find(p.Key.Value)!.Passes).ToDictionary(), context.Clock.GetUtcNow());
            FeatureListFiles.Save(list, content, durable: true);
        }

        Report(context, options.Json, results);
        return results.All(r => r.Checks.All(c => c.Passed)) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>An id as a file name (ids may hold '/' or '@').</summary>
    private static string FileSafe(string id) => string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('.');

    private static List<Feature> Chosen(FeatureList list, string? id)
    {
        if (id is null)
        {
            return [.. list.Features.Where(f => !f.Passes && f.Verify.Count > 0)];
        }

        var feature = list.Find(id) ?? throw new InputException($"{list.Path}: no feature with id \"{id}\"; nothing was changed");
        return feature.Verify.Count > 0 ? [feature]
            : throw new InputException($"{list.Path}: feature {id} has no \"verify\" commands, so there is nothing to prove it by (docs/feature-lists.md); nothing was changed");
    }

    private static byte[] Evidence(Feature feature, string commit, IReadOnlyList<CheckResult> checks, DateTimeOffset at)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("featureId", feature.Id.Value);
            json.WriteString("by", "pace verify");
            json.WriteString("commit", commit);
            json.WriteString("verifiedAt", at);
            json.WriteStartArray("checks");
            foreach (var check in checks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("command", check.Command);
                json.WriteNumber("exitCode", check.ExitCode ?? -1);
                json.WriteNumber("seconds", check.Duration.TotalSeconds);
                json.WriteString("output", check.OutputPath);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Report(CliContext context, bool asJson, List<(Feature Feature, IReadOnlyList<CheckResult> Checks)> results)
    {
        if (asJson)
        {
            JsonOutput.Write(context.Out, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("success", results.All(r => r.Checks.All(c => c.Passed)));
                json.WriteStartArray("features");
                foreach (var (feature, checks) in results)
                {
                    json.WriteStartObject();
                    json.WriteString("featureId", feature.Id.Value);
                    json.WriteBoolean("passed", checks.All(c => c.Passed));
                    json.WriteStartArray("failed");
                    foreach (var check in checks.Where(c => !c.Passed))
                    {
                        json.WriteStringValue(check.Command);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
            return;
        }

        if (results.Count == 0)
        {
            context.Out.WriteLine("No failing feature has verify commands: nothing to run.");
        }

        foreach (var (feature, checks) in results)
        {
            var failed = checks.Where(c => !c.Passed).ToList();
            context.Out.WriteLine(failed.Count == 0
                ? $"{feature.Id}: verified ({checks.Count} check{(checks.Count == 1 ? "" : "s")} passed); marked passing"
                : $"{feature.Id}: not verified: {string.Join("; ", failed.Select(c => $"'{c.Command}' {(c.TimedOut ? "timed out" : $"exited {c.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "without starting"}")}"))}");
        }
    }
}
