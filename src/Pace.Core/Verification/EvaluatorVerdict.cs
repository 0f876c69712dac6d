using static Pace.Core.Agents.AnswerJson;
using System.Text.Json;
using Pace.Core.Diagnostics;

namespace Pace.Core.Verification;

/// <summary>One answer of the evaluator as Pace read it: readable or not, and if readable, accept or reject with reasons.</summary>
public sealed record EvaluatorReading(bool Readable, bool Accepted, IReadOnlyList<string> Reasons, string? Problem)
{
    public static EvaluatorReading Unreadable(string problem) => new(false, false, [], problem);
}

/// <summary>
/// Reads the evaluator's final message, strictly (docs/evaluator.md):
/// <code>
/// {"verdict": "accept"}
/// {"verdict": "reject", "reasons": ["what is missing or wrong", "..."]}
/// </code>
/// The object may stand alone or be the one fenced block that is the whole message (as the reviewer's
/// verdict). Anything else is unreadable: text around the object, unknown keys, another verdict, a
/// reject without reasons, an accept with some, a reason that is not a non-empty string.
/// </summary>
public static class EvaluatorVerdict
{
    public const string Format = """{"verdict": "accept"} or {"verdict": "reject", "reasons": ["what is missing or wrong"]}""";

    /// <summary>Reasons longer than this are cut: they go into every later prompt of the item.</summary>
    private const int ReasonLimit = 500;

    private static readonly string[] Keys = ["verdict", "reasons"];

    public static EvaluatorReading Read(string? message)
    {
        var text = (message ?? "").Trim();
        if (text.Length == 0)
        {
            return EvaluatorReading.Unreadable("the answer was empty");
        }

        try
        {
            return Parse(Unfence(text));
        }
        catch (FormatException e)
        {
            return EvaluatorReading.Unreadable(e.Message);
        }
        catch (JsonException e)
        {
            return EvaluatorReading.Unreadable("not JSON: " + JsonProblem.Describe(e));
        }
    }

    private static EvaluatorReading Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Require(root.ValueKind == JsonValueKind.Object, "the verdict must be a JSON object");
        foreach (var property in root.EnumerateObject())
        {
            Require(Keys.Contains(property.Name), $"unknown key \"{property.Name}\"");
        }

        Require(root.TryGetProperty("verdict", out var verdict) && verdict.ValueKind == JsonValueKind.String, "\"verdict\" must be \"accept\" or \"reject\"");
        var reasons = new List<string>();
        if (root.TryGetProperty("reasons", out var list))
        {
            Require(list.ValueKind == JsonValueKind.Array, "\"reasons\" must be an array of strings");
            foreach (var item in list.EnumerateArray())
            {
                Require(item.ValueKind == JsonValueKind.String && item.GetString()!.Trim().Length > 0, "each reason must be a non-empty string");
                var reason = item.GetString()!.Trim();
                reasons.Add(reason.Length > ReasonLimit ? reason[..ReasonLimit] + "..." : reason);
            }
        }

        return verdict.GetString() switch
        {
            "accept" when reasons.Count == 0 => new EvaluatorReading(true, true, [], null),
            "accept" => throw new FormatException("an accept cannot have reasons"),
            "reject" when reasons.Count > 0 => new EvaluatorReading(true, false, reasons, null),
            "reject" => throw new FormatException("a reject needs at least one reason"),
            var other => throw new FormatException($"\"verdict\" must be \"accept\" or \"reject\", not \"{other}\""),
        };
    }
}
