using System.CommandLine;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Core.Diagnostics;
using Pace.Core.Forge;
using Pace.Core.Waves;

namespace Pace.Cli.Commands;

/// <summary>`pace review NAME approve | request-changes [-m TEXT]`: a person's verdict on the current wave's pull request (local forge).</summary>
internal static class ReviewCommand
{
    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("name") { Description = "The spec whose current pull request you review" };
        var verdict = new Argument<string>("verdict") { Description = "approve or request-changes" };
        verdict.AcceptOnlyFromAmong("approve", "request-changes");
        var message = new Option<string?>("--message", "-m") { Description = "What must change (one blocking comment), or a note with an approval", HelpName = "text" };
        var command = new Command("review", "Approve or request changes on a spec's pull request; the next `pace spec run` acts on it") { spec, verdict, message };
        command.SetAction(async (parse, _) =>
        {
            var approve = parse.GetValue(verdict) == "approve";
            var text = parse.GetValue(message);
            context.Out.WriteLine(await PostAsync(context, parse.GetValue(spec)!, approve, text, context.Cancellation).ConfigureAwait(false));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Records a person's verdict on the spec's pull request awaiting review and says what was done:
    /// the command's work, and the dashboard's review buttons (the same code, so the same checks).
    /// </summary>
    /// <exception cref="InputException">No pull request of the spec awaits review, or its branch is gone.</exception>
    public static async Task<string> PostAsync(CliContext context, string specName, bool approve, string? text, CancellationToken cancellationToken)
    {
        if (!approve && string.IsNullOrWhiteSpace(text))
        {
            throw new InputException("request-changes needs -m TEXT: what must change");
        }

        var project = await SpecProject.LocateAsync(context, specName, cancellationToken).ConfigureAwait(false);
        var state = new FileSpecRunStore(project.Layout, context.Clock).Load();
        if (state is not { Phase: SpecPhase.AwaitingReview, PrNumber: { } number })
        {
            throw new InputException($"spec {project.Spec.Name} has no pull request awaiting review (phase {state?.Phase.Name() ?? "not started"}); 'pace spec status {project.Spec.Name}' says what it waits for");
        }

        var repository = new GitCliRepository(project.Root);
        var head = await repository.ResolveAsync("refs/heads/" + state.WaveBranch, cancellationToken).ConfigureAwait(false)
            ?? throw new InputException($"branch {state.WaveBranch} of PR #{number} does not exist");
        var review = new Review(
            SpecSettings.Person, approve ? ReviewKind.Approved : ReviewKind.ChangesRequested, text ?? "", approve ? [] : [new ReviewComment(text!)], [], head, context.Clock.GetUtcNow());
        await new LocalForge(project.Layout.PaceFolder, repository, context.Clock).PostReviewAsync(number, review, cancellationToken).ConfigureAwait(false);
        return $"PR #{number} ({state.WaveBranch} at {head[..7]}): {(approve ? "approved" : "changes requested")}. Run 'pace spec run {project.Spec.Name}' to go on.";
    }
}
