using Pace.Core.Diagnostics;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>The problems of one lint, each placed in the file by line and column.</summary>
internal sealed class Findings(string path, byte[] utf8, int start)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public TextPosition At(int offset) => TextPosition.FromByteOffset(utf8.AsSpan(start), offset - start);

    public void Error(JNode node, string message, PlanItem? item, string? field) =>
        _diagnostics.Add(Diagnostic.Error(path, At(node.Start), message) with { Subject = item?.Id, Field = field });

    /// <summary>The parser's findings; its warning about missing steps is left out, the linter's error says it.</summary>
    public void AddParsed(IEnumerable<Diagnostic> diagnostics) =>
        _diagnostics.AddRange(diagnostics.Where(d => !(d.Severity == Severity.Warning && d.Field == "steps")));

    /// <summary>
    /// The problems in file order, each once: the feature-list parser checks depends_on by the same
    /// rule and words as <see cref="PlanDependencies"/> (which also runs when features have other errors).
    /// </summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _diagnostics.Distinct().OrderBy(d => d.Line ?? 0).ThenBy(d => d.Column ?? 0)];
}
