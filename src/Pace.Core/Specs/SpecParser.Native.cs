using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

public sealed partial class SpecParser
{
    private static readonly string[] NativeRootKeys = ["name", "description", "base_branch", "tasks"];
    private static readonly string[] NativeTaskKeys = ["id", "title", "prompt", "depends_on", "checks", "verify"];

    private Spec? ReadNative(JObject root)
    {
        CheckDuplicateKeys(root, "spec", NativeRootKeys, null);
        WarnUnknownKeys(root, "spec", NativeRootKeys, null);
        var name = ReadString(root, "name", "spec", required: true);
        var baseBranch = ReadString(root, "base_branch", "spec", required: false);
        if (baseBranch is not null && baseBranch.Trim().Length == 0)
        {
            Error(root["base_branch"]!, "spec: \"base_branch\" is empty; leave it out to use main", null, "base_branch");
        }

        var entries = new List<TaskEntry>();
        switch (root["tasks"])
        {
            case null:
                Error(root, "spec: missing the \"tasks\" array", null, "tasks");
                break;
            case JArray { Items.Count: 0 } empty:
                Error(empty, "spec: \"tasks\" is empty; a spec needs at least one task", null, "tasks");
                break;
            case JArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (array.Items[i] is JObject task)
                    {
                        if (ReadNativeTask(task, i) is { } entry)
                        {
                            entries.Add(entry);
                        }
                    }
                    else
                    {
                        Error(array.Items[i], $"{Where("tasks", i, null)} must be an object; found {JsonTree.Describe(array.Items[i])}");
                    }
                }

                break;
            case var other:
                Error(other, $"spec: \"tasks\" must be an array; found {JsonTree.Describe(other)}", null, "tasks");
                break;
        }

        return HasErrors ? null : Plan(SpecFormat.Native, name!, baseBranch, entries, waves: null);
    }

    private TaskEntry? ReadNativeTask(JObject task, int index)
    {
        var id = ReadId(task["id"], task, "id", Where("tasks", index, null));
        var where = Where("tasks", index, id?.Id);
        CheckDuplicateKeys(task, where, NativeTaskKeys, id?.Id);
        WarnUnknownKeys(task, where, NativeTaskKeys, id?.Id);
        var title = ReadString(task, "title", where, required: true, id?.Id);
        var prompt = ReadString(task, "prompt", where, required: false, id?.Id);
        var dependsOn = ReadIdList(task, "depends_on", where, id?.Id);
        var checks = ReadStringList(task, "checks", where, id?.Id);
        // "verify" may be one command, as in a feature list.
        var verify = task["verify"] is JString one ? (one.Value.Trim().Length > 0 ? [one.Value] : ReadStringList(task, "verify", where, id?.Id)) : ReadStringList(task, "verify", where, id?.Id);
        if (id is not { } taskId || title is null)
        {
            return null;
        }

        return new TaskEntry
        {
            Id = taskId.Id,
            IdAt = taskId.At,
            Entry = task,
            Title = title,
            Prompt = prompt,
            DependsOn = dependsOn,
            Checks = checks,
            Verify = verify,
        };
    }
}
