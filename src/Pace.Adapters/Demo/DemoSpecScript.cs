namespace Pace.Adapters.Demo;

/// <summary>What the demo agent writes for the tasks of examples/textstats/specs/textstats.json, reusing the feature demo's code.</summary>
internal static class DemoSpecScript
{
    private const string WordsWithDocstring = """
        def words(text):
            '''The number of words in text, split on any whitespace.'''
            return len(text.split())
        """;

    public static (IReadOnlyDictionary<string, string> Files, string Message) Task(string taskId)
    {
        var step = taskId switch
        {
            "words" => DemoScript.For("CORE-001", 1),
            "lines" => DemoScript.For("CORE-002", 2),
            "top-word" => DemoScript.For("REPORT-001", 2),
            "summary" => DemoScript.For("REPORT-002", 1),
            _ => null,
        };
        return step is null
            ? (new Dictionary<string, string>(), $"The demo script has nothing for task {taskId}.")
            : (step.Files, step.Claim);
    }

    /// <summary>The one review that asks for changes wants a docstring on words().</summary>
    public static (IReadOnlyDictionary<string, string> Files, string Message) Fix() =>
        (new Dictionary<string, string> { ["textstats/core.py"] = WordsWithDocstring }, "Added the docstring the review asked for.");

    public static string Review(int wave, int cycle) => wave == 1 && cycle == 1
        ? """{"verdict": "changes_requested", "summary": "Works; one thing to fix.", "blocking": [{"file": "textstats/core.py", "line": 1, "comment": "words() needs a docstring saying that it splits on any whitespace"}], "future": ["count words in several languages"]}"""
        : """{"verdict": "approved", "summary": "The tasks do what the spec asks and Pace's checks pass.", "blocking": [], "future": []}""";
}
