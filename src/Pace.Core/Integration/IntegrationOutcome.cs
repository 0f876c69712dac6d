namespace Pace.Core.Integration;

/// <summary>What the merge queue did with one item. Conflicts and failing checks are expected outcomes, so they are values.</summary>
public abstract record IntegrationOutcome
{
    private IntegrationOutcome()
    {
    }

    /// <summary>The branch moved to <paramref name="Commit"/>, whose tree passed the checks; <paramref name="FastForward"/> when that is the source itself.</summary>
    public sealed record Integrated(string Commit, bool FastForward) : IntegrationOutcome;

    /// <summary>The branch already held the item (an earlier call, perhaps one a crash interrupted, integrated it as <paramref name="Commit"/>); nothing changed.</summary>
    public sealed record AlreadyIntegrated(string Commit) : IntegrationOutcome;

    /// <summary>The source conflicts with the branch in these paths; the branch did not move and the source is kept on <paramref name="KeptRef"/>.</summary>
    public sealed record Conflicted(IReadOnlyList<string> Paths, string KeptRef) : IntegrationOutcome;

    /// <summary>The integrated tree failed the checks for these reasons; the branch did not move and the source is kept on <paramref name="KeptRef"/>.</summary>
    public sealed record Red(IReadOnlyList<string> Reasons, string KeptRef) : IntegrationOutcome;
}
