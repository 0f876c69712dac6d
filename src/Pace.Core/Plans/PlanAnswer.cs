using System.Text;

namespace Pace.Core.Plans;

/// <summary>
/// The plan in an agent's last message, for agents that answered in text instead of writing the
/// file they were asked to: a fenced ```json block, or the whole message when it is JSON. Never a
/// guess from prose: no JSON in the message is no plan.
/// </summary>
public static class PlanAnswer
{
    public static byte[]? FromMessage(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var fence = message.IndexOf("```json", StringComparison.OrdinalIgnoreCase);
        if (fence >= 0)
        {
            var start = message.IndexOf('\n', fence);
            var end = start < 0 ? -1 : message.IndexOf("```", start, StringComparison.Ordinal);
            // An unclosed fence is an answer cut short: what is there goes to the linter, which refuses it.
            var body = start < 0 ? "" : end < 0 ? message[(start + 1)..] : message[(start + 1)..end];
            return Encoding.UTF8.GetBytes(body);
        }

        var trimmed = message.Trim();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[') ? Encoding.UTF8.GetBytes(trimmed) : null;
    }
}
