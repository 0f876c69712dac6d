using System.Text;
using Pace.Core.Diagnostics;
using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

internal static class SpecText
{
    public static SpecParseResult Parse(string json, string path = "specs/demo.json") =>
        SpecParser.Parse(path, Encoding.UTF8.GetBytes(json));

    public static Spec Valid(string json, string path = "specs/demo.json")
    {
        var result = Parse(json, path);
        result.Errors.ShouldBeEmpty();
        return result.Spec.ShouldNotBeNull();
    }

    public static Diagnostic SingleError(string json, string path = "specs/demo.json")
    {
        var result = Parse(json, path);
        result.Spec.ShouldBeNull();
        return result.Errors.ShouldHaveSingleItem();
    }

    public static string[][] WaveIds(this Spec spec) => [.. spec.Waves.Select(w => w.TaskIds.ToArray())];
}
