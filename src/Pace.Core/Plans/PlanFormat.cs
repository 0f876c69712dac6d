namespace Pace.Core.Plans;

/// <summary>The file formats a plan can be written in (docs/plan.md).</summary>
public enum PlanFormat
{
    /// <summary>feature_list.json: the PACE object with a <c>features</c> array, or a plain array of features.</summary>
    FeatureList,

    /// <summary>Pace's native spec (docs/specs.md): <c>name</c> and <c>tasks</c>, no <c>version</c>.</summary>
    Spec,

    /// <summary>agent-os tasks.json v4: <c>"version": "4.x"</c>, tasks with <c>depends_on</c> and subtasks.</summary>
    AgentOs,
}

public static class PlanFormats
{
    /// <summary>The names <c>--format</c> takes.</summary>
    public static readonly string[] Names = ["features", "spec", "agent-os"];

    public static PlanFormat? FromName(string name) => name.ToLowerInvariant() switch
    {
        "features" or "feature-list" or "feature_list" => PlanFormat.FeatureList,
        "spec" or "native" => PlanFormat.Spec,
        "agent-os" or "agentos" or "v4" => PlanFormat.AgentOs,
        _ => null,
    };

    public static string Name(this PlanFormat format) => format switch
    {
        PlanFormat.FeatureList => "features",
        PlanFormat.Spec => "spec",
        _ => "agent-os",
    };

    /// <summary>What a reader of the file would call it, for messages.</summary>
    public static string Describe(this PlanFormat format) => format switch
    {
        PlanFormat.FeatureList => "a feature list (PACE format)",
        PlanFormat.Spec => "a Pace spec",
        _ => "an agent-os tasks.json (version 4)",
    };
}
