namespace Pace.Core.Agents;

/// <summary>
/// The rules both strict JSON answers of an agent (the reviewer's verdict, the evaluator's verdict) are read by:
/// the JSON alone, or one fenced block that is the whole message; anything else is a <see cref="FormatException"/>
/// whose message says what was wrong.
/// </summary>
public static class AnswerJson
{
    public static string Unfence(string message)
    {
        var text = message.Trim();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
        Require(firstLine > 0 && text.EndsWith("```", StringComparison.Ordinal) && text.Length > firstLine + 3, "an unterminated code fence");
        return text[(firstLine + 1)..^3].Trim();
    }

    public static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }
}
