using System.Globalization;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

public sealed partial class SpecParser
{
    /// <summary>Reports a key given twice among the keys Pace reads (JSON readers would silently take the last).</summary>
    private void CheckDuplicateKeys(JObject obj, string where, IReadOnlyCollection<string> known, string? subject)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in obj.Members)
        {
            if (known.Contains(member.Name) && !seen.Add(member.Name))
            {
                Error(member.NameStart, $"{where}: duplicate key \"{member.Name}\"", subject, member.Name);
            }
        }
    }

    private void WarnUnknownKeys(JObject obj, string where, IReadOnlyCollection<string> known, string? subject)
    {
        foreach (var member in obj.Members.Where(m => !known.Contains(m.Name)))
        {
            Warning(member.NameStart, $"{where}: unknown key \"{member.Name}\" is ignored", subject, member.Name);
        }
    }

    private string? ReadString(JObject obj, string key, string where, bool required, string? subject = null)
    {
        switch (obj[key])
        {
            case null when required:
                Error(obj, $"{where}: missing required field \"{key}\"", subject, key);
                return null;
            case null:
                return null;
            case JString s when required && s.Value.Trim().Length == 0:
                Error(s, $"{where}: \"{key}\" is empty", subject, key);
                return null;
            case JString s:
                return s.Value;
            case var other:
                Error(other, $"{where}: \"{key}\" must be a string; found {JsonTree.Describe(other)}", subject, key);
                return null;
        }
    }

    /// <summary>An id: a non-empty string, or a number as written (execute-spec files number their tasks).</summary>
    private TaskRef? ReadId(JNode? node, JObject owner, string key, string where, string? subject = null)
    {
        switch (node)
        {
            case null:
                Error(owner, $"{where}: missing required field \"{key}\"", subject, key);
                return null;
            case JString s when s.Value.Trim().Length == 0:
                Error(s, $"{where}: \"{key}\" is empty", subject, key);
                return null;
            case JString s:
                return new TaskRef(s.Value, s);
            case JNumber n:
                return new TaskRef(n.Raw, n);
            default:
                Error(node, $"{where}: \"{key}\" must be a string; found {JsonTree.Describe(node)}", subject, key);
                return null;
        }
    }

    private List<TaskRef> ReadIdList(JObject obj, string key, string where, string? subject)
    {
        var ids = new List<TaskRef>();
        switch (obj[key])
        {
            case null or JNull:
                break;
            case JArray array:
                foreach (var item in array.Items)
                {
                    if (ReadId(item, obj, key, where, subject) is { } id)
                    {
                        ids.Add(id);
                    }
                }

                break;
            case var other:
                Error(other, $"{where}: \"{key}\" must be an array of task ids; found {JsonTree.Describe(other)}", subject, key);
                break;
        }

        return ids;
    }

    private List<string> ReadStringList(JObject obj, string key, string where, string? subject)
    {
        var values = new List<string>();
        switch (obj[key])
        {
            case null:
                break;
            case JArray array:
                foreach (var item in array.Items)
                {
                    if (item is JString s && s.Value.Trim().Length > 0)
                    {
                        values.Add(s.Value);
                    }
                    else
                    {
                        Error(item, $"{where}: \"{key}\" must hold only non-empty strings; found {JsonTree.Describe(item)}", subject, key);
                    }
                }

                break;
            case var other:
                Error(other, $"{where}: \"{key}\" must be an array of strings; found {JsonTree.Describe(other)}", subject, key);
                break;
        }

        return values;
    }

    private int? ReadPositiveInt(JObject obj, string key, string where, string? subject)
    {
        switch (obj[key])
        {
            case null or JNull:
                return null;
            case JNumber n when int.TryParse(n.Raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0:
                return value;
            case var other:
                Error(other, $"{where}: \"{key}\" must be a whole number from 1 up", subject, key);
                return null;
        }
    }

    private SpecTaskStatus ReadStatus(JObject obj, string where, string? subject)
    {
        switch (obj["status"])
        {
            case null or JNull:
                return SpecTaskStatus.Pending;
            case JString s when SpecTaskStatuses.TryParse(s.Value, out var status):
                return status;
            case var other:
                var found = other is JString s2 ? $"\"{s2.Value}\"" : JsonTree.Describe(other);
                Error(other, $"{where}: \"status\" must be one of pending, in_progress, pass, blocked, skipped; found {found}", subject, "status");
                return SpecTaskStatus.Pending;
        }
    }

    private static string Where(string array, int index, string? id) =>
        id is null ? $"{array}[{index}]" : $"{array}[{index}] (\"{id}\")";
}
