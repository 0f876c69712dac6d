using Pace.Core.Agents;
using Pace.Core.Verification;

namespace Pace.Core.Config;

/// <summary>pace.json, with every default filled in. Read by the config reader in the adapters.</summary>
public sealed record PaceConfig
{
    public const string FileName = "pace.json";

    public static readonly PaceConfig Default = new();

    /// <summary>Sessions per run unless --max-sessions or --until-complete says otherwise (pace.orchestrator.maxSessions).</summary>
    public int MaxSessions { get; init; } = 10;

    /// <summary>Consecutive failed sessions that stop a run (pace.orchestrator.maxFailures).</summary>
    public int MaxFailures { get; init; } = 3;

    /// <summary>Features a `pace run` works on at once, each in a lane of its own (pace.orchestrator.parallel; --parallel).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Failed sessions after which a feature is stuck and set aside (pace.orchestrator.maxAttemptsPerFeature).</summary>
    public int MaxAttemptsPerFeature { get; init; } = Loop.StuckRules.DefaultMaxAttempts;

    /// <summary>Pause between sessions (pace.orchestrator.sessionDelay, milliseconds).</summary>
    public TimeSpan SessionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How a run waits out an agent's usage limits (pace.usageLimits).</summary>
    public Loop.UsagePausePolicy UsagePauses { get; init; } = Loop.UsagePausePolicy.Default;

    /// <summary>The agent used unless --agent names another (pace.agent).</summary>
    public string Agent { get; init; } = "claude";

    /// <summary>The agent that judges each session after Pace's checks pass (pace.evaluator; docs/evaluator.md); null: none, the default.</summary>
    public string? Evaluator { get; init; }

    /// <summary>The agents that take the sessions, in order, while the ones before them are paused by a usage window (pace.agent as a list, after the first).</summary>
    public IReadOnlyList<string> FallbackAgents { get; init; } = [];

    /// <summary>Configured agents by name; claude, codex and gemini exist without configuration.</summary>
    public IReadOnlyDictionary<string, AgentSettings> Agents { get; init; } = new Dictionary<string, AgentSettings>();

    public AgentLimits SessionLimits { get; init; } = new(TimeSpan.FromMinutes(30));

    /// <summary>Total cost at which a run stops starting sessions (pace.budgetUsd).</summary>
    public decimal? RunBudgetUsd { get; init; }

    /// <summary>The project's checks, run by Pace after every session (pace.checks).</summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    /// <summary>Test files an agent must not delete or weaken (pace.protectedTests, globs).</summary>
    public IReadOnlyList<string> ProtectedTests { get; init; } = ProofRules.UsualTestLocations;

    /// <summary>Items that need no red-then-green proof (pace.verification.exempt).</summary>
    public ProofRules Proof { get; init; } = ProofRules.Default;

    /// <summary>
    /// How many passing features' <c>verify</c> commands run after each session as regression checks
    /// (pace.verification.regressionCap; 0 turns them off). Beyond it, each session takes the next
    /// features in turn (<see cref="Verification.Regression.Choose"/>), so every one runs now and then.
    /// </summary>
    public int RegressionCap { get; init; } = Verification.Regression.DefaultCap;

    /// <summary>What the diff scan for secrets lets through (pace.secrets.allowPaths and allowValues).</summary>
    public Security.SecretAllowList Secrets { get; init; } = Security.SecretAllowList.None;

    /// <summary>A replacement for the built-in session prompt (pace.prompt.template or templateFile).</summary>
    public string? PromptTemplate { get; init; }

    /// <summary>Where run events are sent (pace.notify; docs/notifications.md); null sends none.</summary>
    public Notifications.NotifySettings? Notify { get; init; }

    public AgentSettings ResolveAgent(string name) =>
        Agents.TryGetValue(name, out var settings) ? settings
        : name switch
        {
            "claude" => new AgentSettings(name, AgentKind.Claude),
            "codex" => new AgentSettings(name, AgentKind.Codex),
            "gemini" => new AgentSettings(name, AgentKind.Gemini),
            _ => throw new Diagnostics.InputException($"no agent named \"{name}\": configure it under pace.agents in {FileName}, or use claude, codex or gemini"),
        };
}
