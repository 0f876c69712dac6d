using System.Text;
using Pace.Core.Diagnostics;
using Pace.Core.Plans;

namespace Pace.Core.Tests.Plans;

/// <summary>Lints a plan given as text and shows each problem as "line:column: message".</summary>
internal static class PlanLint
{
    public static PlanLintResult Of(string json, PlanFormat? format = null, PlanLintOptions? options = null) =>
        PlanLinter.Lint("plan.json", Encoding.UTF8.GetBytes(json), format, options);

    public static List<string> Errors(string json, PlanFormat? format = null, PlanLintOptions? options = null) =>
        [.. Of(json, format, options).Errors.Select(Show)];

    public static string Show(Diagnostic d) => $"{d.Line}:{d.Column}: {d.Message}";
}
