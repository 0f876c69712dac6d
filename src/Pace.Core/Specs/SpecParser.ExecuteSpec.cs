using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

public sealed partial class SpecParser
{
    private static readonly string[] ExecuteSpecTaskKeys = ["id", "type", "parent", "description", "status", "subtasks", "depends_on", "parallelization", "task_type", "artifacts"];

    private Spec? ReadExecuteSpec(JObject root, SpecFormat format)
    {
        var name = ReadString(root, "spec", "tasks.json", required: false);
        if (name is null || name.Trim().Length == 0)
        {
            name = NameFromPath();
            Warning(root.Start, $"tasks.json: no \"spec\" name; using \"{name}\" from the folder name", null, "spec");
        }

        var entries = new List<TaskEntry>();
        switch (root["tasks"])
        {
            case JArray { Items.Count: > 0 } array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (array.Items[i] is JObject task)
                    {
                        ReadExecuteSpecTask(task, i, entries);
                    }
                    else
                    {
                        Error(array.Items[i], $"{Where("tasks", i, null)} must be an object; found {JsonTree.Describe(array.Items[i])}");
                    }
                }

                break;
            case JArray empty:
                Error(empty, "tasks.json: \"tasks\" is empty; a spec needs at least one task", null, "tasks");
                break;
            case null:
                Error(root, "tasks.json: missing the \"tasks\" array", null, "tasks");
                break;
            case var other:
                Error(other, $"tasks.json: \"tasks\" must be an array; found {JsonTree.Describe(other)}", null, "tasks");
                break;
        }

        var waves = format == SpecFormat.ExecuteSpecV3 ? ReadWaves(root) : null;
        var leftOut = LeaveOutInfrastructure(entries, waves);
        return HasErrors ? null : Plan(format, name, null, entries, waves, leftOut);
    }

    private void ReadExecuteSpecTask(JObject task, int index, List<TaskEntry> entries, TaskRef? inlineParent = null)
    {
        var array = inlineParent is { } p ? $"subtasks of \"{p.Id}\"" : "tasks";
        var id = ReadId(task["id"], task, "id", Where(array, index, null));
        var where = Where(array, index, id?.Id);
        CheckDuplicateKeys(task, where, ExecuteSpecTaskKeys, id?.Id);
        var description = ReadString(task, "description", where, required: true, id?.Id);
        var status = ReadStatus(task, where, id?.Id);
        var type = ReadString(task, "type", where, required: false, id?.Id);
        var taskType = ReadString(task, "task_type", where, required: false, id?.Id);
        if (type is not null and not "parent" and not "subtask")
        {
            Error(task["type"]!, $"{where}: \"type\" must be parent or subtask; found \"{type}\"", id?.Id, "type");
        }

        var parent = inlineParent ?? (task["parent"] is { } parentNode and not JNull ? ReadId(parentNode, task, "parent", where, id?.Id) : null);
        if (type == "subtask" && parent is null && task["parent"] is null or JNull)
        {
            Error(task, $"{where}: a subtask needs a \"parent\"", id?.Id, "parent");
        }

        var dependsOn = ReadIdList(task, "depends_on", where, id?.Id);
        int? declaredWave = null;
        if (task["parallelization"] is JObject parallel)
        {
            dependsOn.AddRange(ReadIdList(parallel, "blocked_by", where + " parallelization", id?.Id));
            declaredWave = ReadPositiveInt(parallel, "wave", where + " parallelization", id?.Id);
        }

        // agent-os names the tests that show a task is done in artifacts.test_files: Pace's proof uses them.
        var testFiles = task["artifacts"] is JObject artifacts ? ReadStringList(artifacts, "test_files", where + " artifacts", id?.Id) : [];
        foreach (var file in testFiles.Where(f => f.StartsWith('/') || f.Replace('\\', '/').Split('/').Contains("..")))
        {
            Error(task["artifacts"]!, $"{where}: artifacts.test_files must name files inside the repository; found \"{file}\"", id?.Id, "artifacts");
        }

        if (id is { } taskId && description is not null)
        {
            entries.Add(new TaskEntry
            {
                Id = taskId.Id,
                IdAt = taskId.At,
                Entry = task,
                Title = FirstLine(description),
                Prompt = description,
                DependsOn = dependsOn,
                Status = status,
                Parent = parent,
                DeclaredWave = declaredWave,
                TaskType = taskType,
                TestFiles = testFiles,
            });
        }

        // Subtasks may be listed by id (their entries are elsewhere in "tasks") or written inline.
        if (task["subtasks"] is JArray subtasks && id is { } owner)
        {
            for (var i = 0; i < subtasks.Items.Count; i++)
            {
                if (subtasks.Items[i] is JObject inline)
                {
                    ReadExecuteSpecTask(inline, i, entries, owner);
                }
            }
        }
    }

    private List<WaveEntry>? ReadWaves(JObject root)
    {
        if (root["execution_strategy"] is not JObject strategy || strategy["waves"] is not JArray waves)
        {
            Warning(root.Start, "tasks.json: no execution_strategy.waves; waves are planned from parallelization.blocked_by", null, "execution_strategy");
            return null;
        }

        var result = new List<WaveEntry>();
        for (var i = 0; i < waves.Items.Count; i++)
        {
            var where = $"execution_strategy.waves[{i}]";
            if (waves.Items[i] is not JObject wave)
            {
                Error(waves.Items[i], $"{where} must be an object; found {JsonTree.Describe(waves.Items[i])}");
                continue;
            }

            result.Add(new WaveEntry(wave, ReadIdList(wave, "tasks", where, null), ReadString(wave, "rationale", where, required: false)));
        }

        return result;
    }

    private string NameFromPath()
    {
        // .agent-os/specs/2025-01-31-frontend-ui/tasks.json -> frontend-ui
        var parts = _path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var folder = parts.Length >= 2 ? parts[^2] : "spec";
        var dated = folder.Length > 11 && folder[4] == '-' && folder[7] == '-' && folder[10] == '-' && folder[..4].All(char.IsAsciiDigit);
        return dated ? folder[11..] : folder;
    }

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n', 2)[0].Trim();
        return line.Length == 0 ? text : line;
    }
}
