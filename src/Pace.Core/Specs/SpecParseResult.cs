using Pace.Core.Diagnostics;

namespace Pace.Core.Specs;

/// <summary>The spec when the file is usable, and every problem found (warnings also when it is).</summary>
public sealed record SpecParseResult(Spec? Spec, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Spec is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
}
