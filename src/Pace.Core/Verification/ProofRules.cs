namespace Pace.Core.Verification;

/// <summary>
/// Which items need no red-then-green proof (pace.verification.exempt): whole categories (docs,
/// chores) or single items by id. An exempt item still passes only on green checks; the evidence
/// records the exemption.
/// </summary>
public sealed record ProofRules
{
    public static readonly ProofRules Default = new();

    /// <summary>
    /// Where tests usually live, for runners Pace does not know: the default of pace.protectedTests,
    /// and what the proof looks for when that list is configured empty.
    /// </summary>
    public static readonly IReadOnlyList<string> UsualTestLocations =
    [
        "tests/**", "test/**", "spec/**", "**/__tests__/**", "**/*.test.*", "**/*.spec.*", "**/*_test.*", "**/*_spec.*",
        "**/test_*.py", "**/*Tests.cs", "**/*Test.cs", "**/*Test.java", "**/*Test.kt",
    ];

    public IReadOnlyList<string> ExemptCategories { get; init; } = [];

    public IReadOnlyList<string> ExemptItems { get; init; } = [];

    /// <summary>Why an item needs no proof, in words; null when it needs one.</summary>
    public string? Exemption(string itemId, string? category) =>
        ExemptItems.Contains(itemId, StringComparer.Ordinal) ? $"item {itemId} is exempt (pace.verification.exempt.items)"
        : category is not null && ExemptCategories.Contains(category, StringComparer.OrdinalIgnoreCase) ? $"category {category} is exempt (pace.verification.exempt.categories)"
        : null;
}
