using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// What the pull-request and review handlers read of the run's state, copied out by the dispatcher
/// so that none of them reads the whole <see cref="SpecState"/>.
/// </summary>
/// <param name="Wave">The current wave, 1-based.</param>
/// <param name="PullRequestTarget">Where the wave's pull request merges: the spec's base branch, or the target for the final wave.</param>
/// <param name="ReviewCycles">Reviews with a verdict the wave's pull request has had.</param>
internal sealed record WaveAtHand(int Wave, int TotalWaves, string WaveBranch, string TargetBranch, string PullRequestTarget, int ReviewCycles)
{
    public static WaveAtHand Of(SpecState state) =>
        new(state.CurrentWave, state.TotalWaves, state.WaveBranch, state.TargetBranch, state.PullRequestTarget, state.ReviewStatus.ReviewCycles);
}
