using System.Text;
using Pace.Core.Diagnostics;

namespace Pace.Core.Plans;

/// <summary>What the planning session is asked: the description, the format, the rules the linter enforces, and on a retry the problems found.</summary>
public static class PlanPrompt
{
    /// <summary>Marks a retry, for people reading the transcript and for scripted agents.</summary>
    /// <summary>The variable that names the answer file for the agent process (also in the prompt).</summary>
    public const string AnswerVariable = "PACE_PLAN_FILE";

    public const string ProblemsHeading = "## Problems Pace found in your previous plan";

    public static string Build(PlanPromptInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = new StringBuilder();
        text.AppendLine("You are planning the work on this project for Pace, which will give each item of your plan to a separate coding session and verify it.")
            .AppendLine("Read the description below and the repository in the current folder. Do not change any file of the repository.")
            .AppendLine()
            .AppendLine($"Write the whole plan, as JSON and nothing else, to this file: {input.AnswerPath}")
            .AppendLine()
            .AppendLine($"## Format: {input.Format.Describe()}")
            .AppendLine(Example(input.Format, input.SpecName))
            .AppendLine()
            .AppendLine("## Rules (Pace checks them and refuses a plan that breaks one)")
            .AppendLine("- Every item has a unique id, a description saying what to build (\"Add ...\", \"User can ...\"), never a heading, a persona or a bare noun.")
            .AppendLine($"- Every item has at least one step and at most {input.MaxSteps}; a description of at most {input.MaxDescriptionLength} characters. Split larger items.")
            .AppendLine("- Where the project can run one, give `verify`: shell commands that FAIL on the current tree and pass once the item is built.")
            .AppendLine("- `depends_on` names only ids of items of the plan, and the dependencies form no cycle.");
        if (input.ExistingIds.Count > 0)
        {
            var ids = string.Join(", ", input.ExistingIds);
            text.AppendLine($"- The plan is added to an existing list: do not use these ids again: {ids}.");
            text.AppendLine($"- `depends_on` may also name the {(input.Format == PlanFormat.FeatureList ? "features of the existing list" : "tasks of the existing spec")}: {ids}.");
        }

        if (input.Problems.Count > 0)
        {
            text.AppendLine()
                .AppendLine(ProblemsHeading)
                .AppendLine($"Your previous plan is in {input.PreviousAnswerPath}. Fix every problem below and write the corrected, whole plan to {input.AnswerPath}.");
            foreach (var problem in input.Problems)
            {
                var where = problem.Line is { } line ? $"line {line}, column {problem.Column}: " : "";
                text.AppendLine($"- {where}{problem.Message}");
            }
        }

        text.AppendLine()
            .AppendLine($"## The description ({input.DescriptionName})")
            .AppendLine(input.Description.TrimEnd());
        return text.ToString();
    }

    private static string Example(PlanFormat format, string? specName) => format switch
    {
        PlanFormat.FeatureList => """
            {"features": [
              {"id": "AUTH-001", "category": "auth", "priority": "high", "description": "User can log in with email and password",
               "steps": ["Add a login form", "Check the password against the stored hash", "Test a good and a bad password"],
               "verify": "npm test -- login", "passes": false}
            ]}
            priority is one of critical, high, medium, low; passes is false; depends_on (optional) lists ids.
            """,
        PlanFormat.Spec => $$"""
            {"name": "{{specName ?? "NAME"}}", "tasks": [
              {"id": "index", "title": "Build the inverted index", "prompt": "Add src/Index.cs ... (the steps)",
               "checks": ["dotnet test --filter Index"], "depends_on": []}
            ]}
            "prompt" holds the steps; "checks" are the verify commands.
            """,
        _ => $$"""
            {"version": "4.0", "spec": "{{specName ?? "NAME"}}", "tasks": [
              {"id": "1", "type": "parent", "description": "Add the search index", "status": "pending", "depends_on": [],
               "verify": "npm test -- index",
               "subtasks": [{"id": "1.1", "type": "subtask", "description": "Write the index tests", "status": "pending"}]}
            ]}
            each parent task's subtasks are its steps.
            """,
    };
}

/// <summary>The inputs of one planning prompt.</summary>
public sealed record PlanPromptInput(string Description, string DescriptionName, PlanFormat Format, string AnswerPath)
{
    public string? SpecName { get; init; }

    public IReadOnlyList<string> ExistingIds { get; init; } = [];

    public IReadOnlyList<Diagnostic> Problems { get; init; } = [];

    public string? PreviousAnswerPath { get; init; }

    public int MaxSteps { get; init; } = 12;

    public int MaxDescriptionLength { get; init; } = 600;
}
