using Pace.Core.Agents;
using Pace.Core.Ports;
using Pace.Core.Security;

namespace Pace.Core.Verification;

/// <summary>
/// The independent evaluator (pace.json <c>pace.evaluator</c>, docs/evaluator.md): a configured agent,
/// typically another model, shown the item, the diff and what Pace's checks found once they passed,
/// answering a strict JSON verdict (<see cref="EvaluatorVerdict"/>). An unreadable answer is asked for
/// once more; a second one counts as a reject. It runs read-only where its CLI can, in the session's
/// tree, and whatever it changes there is put back (<see cref="EvaluatorTreeGuard"/>).
/// </summary>
public sealed class Evaluator(IAgent agent, AgentLimits limits, Func<Redactor> secrets)
{
    /// <summary>How many answers are asked for before an unreadable one counts as a reject.</summary>
    public const int MaxAnswers = 2;

    /// <summary>The diff is cut here: the prompt is an argument of some CLIs, and Linux limits one to 128 KB.</summary>
    public const int DiffLimit = 60_000;

    /// <summary>An answer is kept in the evidence up to this length.</summary>
    private const int AnswerLimit = 4_000;

    /// <summary>Told to a command evaluator, which Pace cannot make read-only.</summary>
    public const string ReadOnlyVariable = "PACE_READ_ONLY";

    public string Name => agent.Name;

    public async Task<Evaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var redactor = secrets();
        var diff = Cut(redactor.Redact(await request.Workspace.DiffAsync(request.BaseCommit, cancellationToken).ConfigureAwait(false)), DiffLimit,
            n => $"\n... (cut: {n} more characters; read the files in the repository)");
        var guard = await EvaluatorTreeGuard.TakeAsync(request.Workspace, request.BaseCommit, request.TreeRef, cancellationToken).ConfigureAwait(false);
        var answers = new List<EvaluatorAnswer>();
        var notes = new List<string>();
        var reasons = new List<string>();
        EvaluatorReading? reading = null;
        while (answers.Count < MaxAnswers && reading is not { Readable: true })
        {
            var transcript = Path.Combine(request.OutputFolder, $"evaluator-{answers.Count + 1}.jsonl");
            var prompt = EvaluatorPrompt.Build(request.Item, request.Evidence, diff, reading?.Problem);
            var asked = new AgentRequest(request.WorkingFolder, prompt, transcript, limits)
            {
                ReadOnly = true,
                Environment = new Dictionary<string, string?> { [ReadOnlyVariable] = "1" },
            };
            var result = await agent.RunAsync(asked, _ => { }, cancellationToken).ConfigureAwait(false);
            var cancelled = result.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested;
            // Put back even when interrupted: the loop sets the session's work aside next, and it must be the agent's.
            var (note, left) = await guard.RestoreAsync(cancelled ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
            if (cancelled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (note is not null)
            {
                notes.Add(note);
            }

            if (left.Count > 0)
            {
                reasons.Add($"the evaluator {Name} changed the tree and Pace could not put back: {string.Join(", ", left)}");
            }

            reading = EvaluatorVerdict.Read(result.FinalMessage);
            if (!reading.Readable && result.Exit != AgentExit.Exited)
            {
                reading = EvaluatorReading.Unreadable($"the evaluator ended with {result.Exit}{(result.Errors.Count > 0 ? ": " + string.Join("; ", result.Errors) : "")}; {reading.Problem}");
            }

            var answer = Cut(redactor.Redact(result.FinalMessage ?? ""), AnswerLimit, n => $"... ({n} more characters)");
            answers.Add(new EvaluatorAnswer(answer, reading.Problem is { } problem ? redactor.Redact(problem) : null, result.Exit, result.CostUsd, result.Usage, transcript));
        }

        if (reading is { Readable: true, Accepted: false })
        {
            reasons.AddRange(reading.Reasons.Select(r => $"the evaluator {Name} rejected the work: {redactor.Redact(r)}"));
        }
        else if (reading is not { Readable: true })
        {
            reasons.Add($"the evaluator {Name} gave no readable verdict in {answers.Count} answers (the last: {answers[^1].Problem}); its answers are kept in the evidence");
        }

        return new Evaluation(Name, reasons.Count == 0, reasons, answers)
        {
            CostUsd = answers.Any(a => a.CostUsd is not null) ? answers.Sum(a => a.CostUsd ?? 0) : null,
            TreeRef = request.TreeRef,
            Notes = notes,
        };
    }

    private static string Cut(string text, int limit, Func<int, string> said) =>
        text.Length <= limit ? text : text[..limit] + said(text.Length - limit);
}
