using System.Text;
using Pace.Core.Forge;
using Pace.Core.Specs;

namespace Pace.Core.Waves;

/// <summary>
/// The prompts of a spec run. Each starts with <c>Pace role: task|review|fix|conflict</c> and names
/// the spec, wave and task on lines of their own, so a scripted agent can read them back.
/// </summary>
public static class SpecPrompts
{
    public static string Task(Spec spec, SpecTask task, IReadOnlyList<string> checks)
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

    public static string Conflict(Spec spec, int wave, string taskId, IReadOnlyList<string> paths, IReadOnlyList<string> checks)
    {
        var text = Header("conflict", spec, wave);
        text.Append("Task: ").Append(taskId).Append("\n\n");
        text.Append("Merging the branch of task ").Append(taskId).Append(" into this wave stopped on conflicts in:\n");
        foreach (var path in paths)
        {
            text.Append("- ").Append(path).Append('\n');
        }

        text.Append("\nResolve them so that the work of both sides is kept, remove every conflict marker, and do not commit: Pace verifies and commits.\n");
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
