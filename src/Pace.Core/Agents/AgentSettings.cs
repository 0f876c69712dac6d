namespace Pace.Core.Agents;

public enum AgentKind
{
    /// <summary>Claude Code (<c>claude -p --output-format stream-json</c>).</summary>
    Claude,

    /// <summary>Codex CLI (<c>codex exec --json</c>).</summary>
    Codex,

    /// <summary>Gemini CLI (<c>gemini -p --output-format stream-json</c>).</summary>
    Gemini,

    /// <summary>Any program: the prompt goes in through stdin, a file or an argument; the exit code is its claim.</summary>
    Command,
}

/// <summary>How the command agent receives its prompt.</summary>
public enum PromptDelivery
{
    /// <summary>Written to standard input, which is then closed.</summary>
    Stdin,

    /// <summary>Written to a file whose path is in PACE_PROMPT_FILE and replaces {promptFile} in the arguments.</summary>
    File,

    /// <summary>Replaces {prompt} in the arguments.</summary>
    Argument,
}

/// <summary>One configured agent (pace.json <c>pace.agents.NAME</c>).</summary>
public sealed record AgentSettings(string Name, AgentKind Kind)
{
    /// <summary>The program to run; defaults to claude, codex or gemini for those kinds.</summary>
    public string? Executable { get; init; }

    /// <summary>Extra arguments (for the command kind: all of them).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Passed through verbatim to the CLI's model flag where there is one.</summary>
    public string? Model { get; init; }

    /// <summary>Environment for the agent; values may name other variables as ${NAME}. Never logged.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public PromptDelivery Prompt { get; init; } = PromptDelivery.Stdin;
}
