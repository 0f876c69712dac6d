using System.Globalization;
using Pace.Adapters.Agents;
using Pace.Adapters.Config;
using Pace.Core.Agents;
using Pace.Core.Diagnostics;
using Pace.Core.Plans;
using Pace.Core.Ports;

namespace Pace.Cli.Commands;

/// <summary>
/// `pace plan DESCRIPTION.md`: an agent session writes a plan, Pace lints it and sends the problems
/// back at most twice; a plan that still fails, or an answer that is not JSON, writes nothing.
/// </summary>
internal static class PlanSession
{
    public const int MaxAnswers = 3;

    /// <param name="agentOverride">The agent to plan with instead of the configured one (the demo's scripted planner).</param>
    public static async Task<int> RunAsync(CliContext context, PlanCommand.Options options, CancellationToken cancellationToken, IAgent? agentOverride = null)
    {
        if (options.Description is null)
        {
            throw new InputException("give DESCRIPTION (a file saying what to build) to make a plan, or --check FILE to check one");
        }

        var descriptionPath = Path.GetFullPath(options.Description, context.WorkingFolder);
        if (!File.Exists(descriptionPath))
        {
            throw new InputException($"{descriptionPath}: no such file");
        }

        var description = await File.ReadAllTextAsync(descriptionPath, cancellationToken).ConfigureAwait(false);
        var target = PlanTarget.Resolve(context, options);
        var folder = context.WorkingFolder;
        var config = PaceSettings.Load(folder).Config;
        var agent = agentOverride ?? AgentFactory.Create(config.ResolveAgent(options.Agent ?? config.Agent), folder);
        var sessions = Path.Combine(folder, ".pace", "plan", context.Clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(sessions);
        await ExcludeAsync(folder, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<Diagnostic> problems = [];
        string? previous = null;
        for (var attempt = 1; attempt <= MaxAnswers; attempt++)
        {
            var answer = Path.Combine(sessions, $"answer-{attempt}.json");
            var prompt = PlanPrompt.Build(new PlanPromptInput(description, Path.GetRelativePath(folder, descriptionPath), target.Format, answer)
            {
                SpecName = options.Spec,
                ExistingIds = [.. target.ExistingIds.Order(StringComparer.Ordinal)],
                Problems = problems,
                PreviousAnswerPath = previous,
            });
            await context.Error.WriteLineAsync($"pace plan: session {attempt} of at most {MaxAnswers} ({agent.Name})").ConfigureAwait(false);
            var request = new AgentRequest(folder, prompt, Path.Combine(sessions, $"session-{attempt}.log"), config.SessionLimits)
            {
                Environment = new Dictionary<string, string?> { [PlanPrompt.AnswerVariable] = answer },
            };
            var result = await agent.RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (result.Exit != AgentExit.Exited || result.ExitCode != 0)
            {
                var why = result.Errors.Count > 0 ? string.Join("; ", result.Errors) : $"{result.Exit}, exit code {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}";
                return Fail(context, $"the agent session failed ({why}); transcript: {result.TranscriptPath}");
            }

            var bytes = File.Exists(answer) ? await File.ReadAllBytesAsync(answer, cancellationToken).ConfigureAwait(false) : PlanAnswer.FromMessage(result.FinalMessage);
            if (bytes is null)
            {
                return Fail(context, $"the agent gave no plan: it wrote nothing to {answer} and its last message holds no JSON");
            }

            var lint = await PlanCommand.LintAsync(answer, bytes, target.Format, new PlanLintOptions { ExistingIds = target.ExistingIds, ExistingFile = target.Path, Existing = target.Existing }, folder, cancellationToken).ConfigureAwait(false);
            if (lint.Unreadable)
            {
                PlanCommand.Print(context.Error, lint);
                return Fail(context, "the answer is cut short or is not JSON; no part of it is used");
            }

            if (lint.Passed)
            {
                // The file as a whole is the last check before writing: it catches what the plan's own lint cannot see.
                var (merged, whole) = target.Merge(answer, bytes, context.Clock.GetUtcNow());
                lint = lint with { Diagnostics = [.. lint.Diagnostics, .. whole] };
                if (whole.Count == 0)
                {
                    PlanCommand.Print(context.Error, lint);
                    var done = target.Write(merged);
                    await context.Out.WriteLineAsync($"pace plan: {done} ({lint.Ids.Count} item{(lint.Ids.Count == 1 ? "" : "s")}, answer {attempt})").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }
            }

            PlanCommand.Print(context.Error, lint);
            problems = [.. lint.Errors];
            previous = answer;
            if (attempt < MaxAnswers)
            {
                await context.Error.WriteLineAsync($"pace plan: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} in answer {attempt}; sent back to the agent").ConfigureAwait(false);
            }
        }

        return Fail(context, $"the plan still has {problems.Count} problem{(problems.Count == 1 ? "" : "s")} after {MaxAnswers} answers (listed above)");
    }

    private static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"pace plan: {message}; nothing was written");
        return ExitCodes.Failed;
    }

    /// <summary>Keeps the sessions' files out of git status, where the folder is in a repository.</summary>
    private static async Task ExcludeAsync(string folder, CancellationToken cancellationToken)
    {
        string root;
        try
        {
            root = await GitExclude.RootAsync(folder, "pace plan", cancellationToken).ConfigureAwait(false);
        }
        catch (InputException)
        {
            return;
        }

        var relative = Path.GetRelativePath(root, Path.Combine(folder, ".pace")).Replace('\\', '/');
        await GitExclude.AddAsync(root, [relative + "/"], cancellationToken).ConfigureAwait(false);
    }
}
