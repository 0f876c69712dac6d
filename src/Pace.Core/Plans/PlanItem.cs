using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>One feature or task of a plan as the file has it, with the places its values sit.</summary>
internal sealed record PlanItem(int Index, string Where, string? Id, JNode Node)
{
    public JNode? IdNode { get; init; }

    public string? Description { get; init; }

    public JNode? DescriptionNode { get; init; }

    /// <summary>How many steps (feature steps, a spec task's prompt, agent-os subtasks) the item has.</summary>
    public int Steps { get; init; }

    /// <summary>The field the steps are in, named in messages.</summary>
    public string StepsField { get; init; } = "steps";

    public IReadOnlyList<(string Id, JNode At)> DependsOn { get; init; } = [];

    public IReadOnlyList<(string Command, JNode At)> Verify { get; init; } = [];

    /// <summary>An agent-os orchestration task (branch, PR, merge) or a subtask: not an item of work by itself.</summary>
    public bool IsWork { get; init; } = true;
}
