namespace Pace.Core.Specs;

public enum SpecFormat
{
    /// <summary>Pace's own spec file (docs/specs.md): no <c>version</c> key at the root.</summary>
    Native,

    /// <summary>execute-spec tasks.json with <c>"version": "3.x"</c>: waves listed in <c>execution_strategy.waves</c>.</summary>
    ExecuteSpecV3,

    /// <summary>execute-spec tasks.json with <c>"version": "4.x"</c>: waves are the levels of the <c>depends_on</c> graph.</summary>
    ExecuteSpecV4,
}
