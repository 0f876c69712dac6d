using System.Text.Json;
using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Core.Agents;
using Pace.Core.Config;
using Pace.Core.Git;
using Pace.Core.Ports;
using Pace.Core.Specs;
using Pace.Core.Verification;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A spec task's session as a work item (kind <see cref="Kind"/>): everything the task runner would
/// give its own session (the prompt, the checks, the task's acceptance and regression commands), so a
/// worker needs neither the spec nor the run's state, only the project's tree at the base commit.
/// </summary>
public static class SpecTaskItem
{
    public const string Kind = "spec-task";

    /// <summary>
    /// The item's name within its run. The task's session on a given base is named by how many failed
    /// attempts and usage-window pauses it had before: asked again for the same session (a coordinator
    /// started again), the coordinator finds the same item; a new try gets a new one.
    /// </summary>
    public static string Name(int wave, string taskId, string baseCommit, int attempt, int pausesBefore) =>
        $"task-{wave}-{RefNames.Safe(taskId)}-{baseCommit[..Math.Min(12, baseCommit.Length)]}-{attempt}-{pausesBefore}";

    public static string Serialize(SpecTaskPayload payload) => JsonSerializer.Serialize(payload, FleetItemJson.Default.SpecTaskPayload);

    public static string Serialize(SpecTaskReport report) => JsonSerializer.Serialize(report, FleetItemJson.Default.SpecTaskReport);

    public static SpecTaskPayload Payload(string json) =>
        JsonSerializer.Deserialize(json, FleetItemJson.Default.SpecTaskPayload) ?? throw new JsonException("the payload is empty");

    public static SpecTaskReport Report(string json) =>
        JsonSerializer.Deserialize(json, FleetItemJson.Default.SpecTaskReport) ?? throw new JsonException("the report is empty");

    /// <summary>
    /// On a worker: the task's session in <paramref name="tree"/> (a worktree at the payload's base), as
    /// the spec run's own task runner would run it, its evidence and transcript in <paramref name="folder"/>.
    /// The report's commit is the passed work, the failed attempt's snapshot, or the work a usage window
    /// stopped; it is on no ref of this repository (the caller pushes it).
    /// </summary>
    public static async Task<SpecTaskReport> RunAsync(
        SpecTaskPayload payload, string tree, PaceConfig config, IAgent agent, IAgent? evaluator, string folder, TimeProvider clock, CancellationToken cancellationToken)
    {
        var layout = new SpecLayout(tree, payload.ProjectRel, payload.SpecFileRel, payload.Spec, payload.Format);
        var repository = new GitCliRepository(tree);
        var context = new SpecSessionContext(layout, config, repository, agent, new Verification.CheckRunner(), clock, null) { Evaluator = evaluator };
        // This host's refs for the session's leftovers: the cache's repository is shared by every run of the remote.
        var attempts = $"refs/pace/fleet/worker/{payload.Spec}/{RefNames.Safe(payload.ItemId)}";
        var interrupted = attempts + "-interrupted";
        var outcome = await new SpecSession(context).RunAsync(
            new SpecSessionRequest(tree, payload.BaseCommit, payload.Prompt, payload.Checks, folder, payload.ItemId, payload.Baseline, payload.CommitMessage, attempts)
            {
                Verify = payload.Verify,
                Prove = payload.Prove,
                Regression = payload.Regression,
                Evaluated = payload.Evaluated,
                InterruptedPrefix = interrupted,
                TestFiles = payload.TestFiles,
            },
            cancellationToken).ConfigureAwait(false);
        var commit = outcome.Commit;
        if (outcome.AttemptRef is { } kept)
        {
            commit = await repository.ResolveAsync(kept, cancellationToken).ConfigureAwait(false);
            await repository.DeleteRefAsync(kept, cancellationToken).ConfigureAwait(false);
        }

        var evidence = TaskEvidence.Latest(folder);
        return new SpecTaskReport
        {
            Passed = outcome.Limit is null && outcome.Passed,
            Reasons = outcome.Reasons,
            ClaimedSuccessFalsely = outcome.ClaimedSuccessFalsely,
            Limit = outcome.Limit,
            Evidence = outcome.Limit is null ? evidence : null,
            Commit = commit,
            CostUsd = evidence?.CostUsd ?? 0,
        };
    }
}

/// <param name="Remote">The run's git remote, which the worker fetches from and pushes to.</param>
/// <param name="BaseRef">The ref on <paramref name="Remote"/> that holds <paramref name="BaseCommit"/>.</param>
/// <param name="Spec">The spec's name; with <paramref name="ProjectRel"/>, <paramref name="SpecFileRel"/> and <paramref name="Format"/>, the spec's layout in the repository (the files an agent must not change).</param>
/// <param name="Agent">The agent's name in the project's pace.json.</param>
public sealed record SpecTaskPayload(
    string Remote, string BaseRef, string BaseCommit, string Spec, string ProjectRel, string SpecFileRel, SpecFormat Format, string Agent,
    string ItemId, string Prompt, IReadOnlyList<CheckSpec> Checks, TestTotals? Baseline, string CommitMessage)
{
    public IReadOnlyList<string> Verify { get; init; } = [];

    public bool Prove { get; init; }

    public IReadOnlyList<CheckSpec> Regression { get; init; } = [];

    public EvaluatedItem? Evaluated { get; init; }

    public IReadOnlyList<string> TestFiles { get; init; } = [];
}

/// <summary>A worker's report of a spec task's session (what every report says is in <see cref="WorkerReport"/>).</summary>
public sealed record SpecTaskReport : WorkerReport
{
    public bool Passed { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public bool ClaimedSuccessFalsely { get; init; }
}
