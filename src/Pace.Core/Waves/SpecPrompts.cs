using System.Text;
using Pace.Core.Forge;
using Pace.Core.Specs;

namespace Pace.Core.Waves;

/// <summary>
/// The prompts of a spec run. Each starts with <c>Pace role: task|review|fix</c> and names
/// the spec, wave and task on lines of their own, so a scripted agent can read them back.
/// </summary>
public static class SpecPrompts
{
    /// <param name="refused">The task's earlier result, which the wave branch refused: this session does the task again on the wave branch as it is now.</param>
    /// <param name="keptHere">The kept ref is in the agent's repository (not on a fleet's worker): the prompt says how to see it.</param>
    public static string Task(Spec spec, SpecTask task, IReadOnlyList<string> checks, RefusedMerge? refused = null, bool keptHere = true)
    {
        var text = Header("task", spec, task.Wave);
        text.Append("Task: ").Append(task.Id).Append('\n');
        text.Append("Title: ").Append(task.Title).Append("\n\n");
        text.Append(task.Prompt.Trim()).Append("\n\n");
        // The subtasks are listed here only (the task's prompt is its own text): they once came twice.
        if (task.Subtasks.Count > 0)
        {
            text.Append("Subtasks (all part of this task, in order):\n");
            foreach (var subtask in task.Subtasks)
            {
                text.Append("- ").Append(subtask.Id).Append(": ").Append(subtask.Description)
                    .Append(subtask.Status.IsDone() ? " (done already)" : "").Append('\n');
            }

            text.Append('\n');
        }

        if (refused is not null)
        {
            text.Append("This task was done once already, on an older base, and that result could not join the wave's branch, ")
                .Append("which took the wave's other tasks meanwhile: ").Append(refused.Reason).Append(".\n")
                .Append("This folder starts from the wave's branch as it is now, with the other tasks' work. The earlier result is kept on ")
                .Append(refused.KeptRef).Append(keptHere ? $" (`git show {refused.KeptRef}` shows it)" : " in the project's repository")
                .Append(": do the task again here, keeping the other tasks' work.\n\n");
        }

        Verification(text, checks);
        text.Append("Work only on this task, in this folder (a git worktree of its own). Do not edit pace.json, the spec file or .pace/.\n");
        return text.ToString();
    }

    public static string Review(Spec spec, int wave, int cycle, IReadOnlyList<SpecTask> tasks, string diffStat)
    {
        var text = Header("review", spec, wave);
        text.Append("Review cycle: ").Append(cycle).Append("\n\n");
        text.Append("Review the changes of this wave (this folder, compared with the branch it merges into). Its tasks:\n");
        foreach (var task in tasks)
        {
            text.Append("- ").Append(task.Id).Append(": ").Append(task.Title).Append('\n');
        }

        text.Append("\nChanged files:\n").Append(diffStat.Trim()).Append("\n\n");
        text.Append("Change nothing. Your final message must be only this JSON object (no other text):\n");
        text.Append(ReviewerVerdict.Format.Trim()).Append('\n');
        text.Append("Blocking comments are what must change before the merge; ideas for later go in \"future\".\n");
        return text.ToString();
    }

    public static string Fix(Spec spec, int wave, int cycle, IReadOnlyList<string> comments, IReadOnlyList<string> checks)
    {
        var text = Header("fix", spec, wave);
        text.Append("Review cycle: ").Append(cycle).Append("\n\n");
        text.Append("The review of this wave's pull request asks for these changes:\n");
        foreach (var comment in comments)
        {
            text.Append("- ").Append(comment).Append('\n');
        }

        Verification(text, checks);
        return text.ToString();
    }

    private static StringBuilder Header(string role, Spec spec, int wave) =>
        new StringBuilder("Pace role: ").Append(role).Append('\n')
            .Append("Spec: ").Append(spec.Name).Append('\n')
            .Append("Wave: ").Append(wave).Append(" of ").Append(spec.Waves.Count).Append('\n');

    private static void Verification(StringBuilder text, IReadOnlyList<string> checks)
    {
        if (checks.Count > 0)
        {
            text.Append("\nPace verifies the result itself by running: ").Append(string.Join("; ", checks)).Append('\n');
        }
    }
}
