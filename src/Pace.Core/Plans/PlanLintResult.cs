using Pace.Core.Diagnostics;

namespace Pace.Core.Plans;

/// <summary>Limits and context of a lint: the size bound, and the ids of the list a plan is merged into.</summary>
public sealed record PlanLintOptions
{
    /// <summary>More steps than this is more than one agent session should take on.</summary>
    public int MaxSteps { get; init; } = 12;

    /// <summary>A longer description is a feature that wants splitting (or a pasted document).</summary>
    public int MaxDescriptionLength { get; init; } = 600;

    /// <summary>Ids already taken by the file the plan will be merged into.</summary>
    public IReadOnlySet<string> ExistingIds { get; init; } = new HashSet<string>();

    /// <summary>The file holding <see cref="ExistingIds"/>, named in messages.</summary>
    public string? ExistingFile { get; init; }

    /// <summary>The bytes of that file (valid by itself): the plan's <c>depends_on</c> may name its features.</summary>
    public byte[]? Existing { get; init; }
}

/// <summary>A <c>verify</c> command of an item, to be run on the current tree (one that passes there proves nothing).</summary>
public sealed record PlanVerifyCommand(string Subject, string Command, string File, TextPosition At);

/// <summary>What the linter found: every problem with its place, the ids, and the verify commands to try.</summary>
public sealed record PlanLintResult(PlanFormat? Format, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Ids, IReadOnlyList<PlanVerifyCommand> Verify)
{
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);

    public bool Passed => !Errors.Any();

    /// <summary>The file is not JSON at all (cut short, not UTF-8): nothing of it can be used.</summary>
    public bool Unreadable { get; init; }
}
