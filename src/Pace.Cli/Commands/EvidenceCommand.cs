using System.CommandLine;
using System.Text.Json;
using Pace.Adapters.Loop;
using Pace.Adapters.Processes;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Cli.Commands;

/// <summary>`pace evidence [N]`: what Pace checked in a session and why it passed or failed.</summary>
internal static class EvidenceCommand
{
    public static Command Create(CliContext context)
    {
        var session = new Argument<int?>("session") { Description = "The session number (default: every session, briefly)", Arity = ArgumentArity.ZeroOrOne };
        var file = CommonOptions.File();
        var json = CommonOptions.Json();
        var spec = new Option<string?>("--spec") { Description = "Show every attempt of every task of this spec's run instead" };
        var command = new Command("evidence", "Show the evidence Pace stored for its sessions") { session, file, json, spec };
        command.SetAction((parse, _) => parse.GetValue(spec) is { } name
            ? SpecEvidence.RunAsync(context, name, parse.GetValue(json), context.Cancellation)
            : RunAsync(context, parse.GetValue(session), parse.GetValue(file), parse.GetValue(json), context.Cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, int? session, string? file, bool json, CancellationToken cancellationToken)
    {
        var listPath = FeatureListFiles.Resolve(file, context.WorkingFolder);
        var folder = Path.GetDirectoryName(listPath)!;
        var (result, stdout, _) = await ProcessRunner.CaptureAsync(new ProcessSpec("git", ["rev-parse", "--show-toplevel"], folder), cancellationToken).ConfigureAwait(false);
        var root = result.ExitCode == 0 ? stdout.Trim() : folder;
        var store = new FileRunStore(Path.Combine(root, ".pace"), context.Clock);
        var sessions = store.Sessions();
        if (session is { } number)
        {
            var evidence = store.LoadEvidence(number) ?? throw new InputException($"no evidence for session {number}; sessions with evidence: {(sessions.Count == 0 ? "none" : string.Join(", ", sessions))}");
            if (json)
            {
                context.Out.WriteLine(System.Text.Encoding.UTF8.GetString(EvidenceJson.Serialize(evidence)));
                return ExitCodes.Ok;
            }

            var o = context.Out;
            o.WriteLine($"Session {number}: {evidence.ItemId} {(evidence.Verdict.Passed ? "PASSED" : "FAILED")}");
            o.WriteLine($"  agent {evidence.Agent}: {evidence.AgentExit}, claimed {(evidence.AgentClaimsSuccess ? "success" : "failure")}, {evidence.Turns?.ToString() ?? "?"} turns, {evidence.Tokens.InputTokens} in / {evidence.Tokens.OutputTokens} out tokens, cost {(evidence.CostUsd is { } c ? $"${c:0.0000}" : "unknown")}, {evidence.Duration.TotalSeconds:0.0}s");
            o.WriteLine($"  diff: {evidence.Diff.FilesChanged} files, +{evidence.Diff.Insertions} -{evidence.Diff.Deletions}; base {Short(evidence.BaseCommit)}, commit {Short(evidence.ResultCommit) ?? "none"}");
            foreach (var check in evidence.Checks)
            {
                o.WriteLine($"  check {check.Name}: {(check.Passed ? "passed" : check.TimedOut ? "timed out" : $"failed (exit {check.ExitCode})")}{(check.Totals is { } t ? $", {t.Passed} passed / {t.Failed} failed / {t.Skipped} skipped" : "")} - log {check.OutputPath}");
            }

            o.WriteLine($"  baseline: {Output.PlainLoopObserver.Describe(evidence.Baseline)}; after: {Output.PlainLoopObserver.Describe(evidence.TotalsAfter)}");
            if (evidence.Evaluation is { } judged)
            {
                o.WriteLine($"  evaluator {judged.Evaluator}: {(judged.Accepted ? "accepted" : "rejected")} after {judged.Answers.Count} answer(s), cost {(judged.CostUsd is { } e ? $"${e:0.0000}" : "unknown")} - transcript {judged.Answers[^1].TranscriptPath}");
            }

            foreach (var reason in evidence.Verdict.Reasons)
            {
                o.WriteLine("  - " + reason);
            }

            if (evidence.RanOn is { } fleet)
            {
                o.WriteLine($"  transcript: {evidence.TranscriptPath} on the host of worker {fleet.Worker}; its end:");
                foreach (var line in (fleet.TranscriptTail ?? "(none reported)").TrimEnd('\n').Split('\n'))
                {
                    o.WriteLine("    " + line);
                }

                return ExitCodes.Ok;
            }

            o.WriteLine($"  transcript: {evidence.TranscriptPath}");
            return ExitCodes.Ok;
        }

        if (sessions.Count == 0)
        {
            context.Out.WriteLine(json ? "[]" : "No sessions yet: run 'pace run'.");
            return ExitCodes.Ok;
        }

        foreach (var n in sessions)
        {
            if (store.LoadEvidenceOrNull(n) is not { } e)
            {
                context.Out.WriteLine($"{n,4}  (its evidence file cannot be read: 'pace evidence {n}' says where)");
                continue;
            }

            context.Out.WriteLine($"{n,4}  {e.ItemId,-14} {(e.Verdict.Passed ? "passed" : "FAILED"),-7} {Short(e.ResultCommit) ?? "-",-8} {(e.Verdict.Reasons.Count > 0 ? e.Verdict.Reasons[0] : "")}");
        }

        return ExitCodes.Ok;
    }

    private static string? Short(string? sha) => sha is null ? null : sha[..Math.Min(7, sha.Length)];
}
