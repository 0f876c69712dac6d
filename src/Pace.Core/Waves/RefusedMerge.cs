namespace Pace.Core.Waves;

/// <summary>
/// A task's passed result that the wave branch refused: why, and the ref it is kept on. The task runs
/// again once from the wave branch as it then was, told of both (<see cref="SpecPrompts.Task"/>).
/// </summary>
public sealed record RefusedMerge(string TaskId, string Reason, string KeptRef);
