using System.Text.Json.Nodes;
using Pace.EndToEnd.Tests.Agents;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>
/// The files of the sample project Pace runs on: a feature list, pace.json with the three real CLIs
/// pointed at the scripted server, and a test runner (check.sh runs every tests/*.sh and prints
/// "N passed, N failed", which Pace reads as the test totals).
/// </summary>
internal static class SampleProject
{
    /// <summary>The pace process has the secret in this variable; pace.json names it as ${E2E_API_KEY}, so the file holds none.</summary>
    public const string SecretVariable = "E2E_API_KEY";

    public const string CheckScript = """
        passed=0; failed=0
        for t in tests/*.sh; do
          [ -f "$t" ] || continue
          if sh "$t" >/dev/null 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $t"; fi
        done
        echo "$passed passed, $failed failed"
        [ "$failed" -eq 0 ]
        """;

    public static string FeatureList(IReadOnlyList<SampleFeature> features)
    {
        var list = new JsonArray();
        foreach (var feature in features)
        {
            list.Add(new JsonObject
            {
                ["id"] = feature.Id,
                ["category"] = "core",
                ["description"] = feature.Description,
                ["priority"] = "high",
                ["steps"] = new JsonArray("the scripted model plays " + feature.Marker, "sh check.sh passes"),
                ["passes"] = false,
            });
        }

        return new JsonObject
        {
            ["features"] = list,
            ["metadata"] = new JsonObject
            {
                ["project_name"] = "e2e-sample",
                ["total_features"] = features.Count,
                ["passing"] = 0,
                ["failing"] = features.Count,
                ["last_updated"] = "2026-01-01T00:00:00.000Z",
            },
        }.ToJsonString(new() { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// pace.json. Each agent's "env" holds what a user would configure for it: the model API's base
    /// URL, the key (as ${E2E_API_KEY}), CODEX_HOME, retries and the quiet/telemetry switches. HOME,
    /// TMPDIR, git's isolation and the proxy trap come from the pace process's own environment.
    /// </summary>
    public static string Config(AgentClis clis, Sandbox sandbox, string baseUrl, int deadPort, ProjectSettings settings)
    {
        var key = "${" + SecretVariable + "}";
        JsonObject Claude(string url, bool retryOnce, bool allowTools = true) => new()
        {
            ["type"] = "claude",
            ["command"] = clis.Claude,
            // acceptEdits alone denies Bash; the scripts run `sh check.sh`.
            ["args"] = allowTools ? new JsonArray("--allowedTools", "Write,Edit,Read,Bash") : new JsonArray(),
            ["env"] = new JsonObject
            {
                ["ANTHROPIC_BASE_URL"] = url,
                ["ANTHROPIC_API_KEY"] = key,
                ["DISABLE_TELEMETRY"] = "1",
                ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
                ["CLAUDE_CODE_MAX_RETRIES"] = retryOnce ? "1" : null,
            },
        };

        // A subscription's login instead of an API key: only then does Claude Code read the usage window's headers.
        JsonObject ClaudeSubscription()
        {
            var agent = Claude(baseUrl, retryOnce: true);
            var env = agent["env"]!.AsObject();
            env.Remove("ANTHROPIC_API_KEY");
            env["CLAUDE_CODE_OAUTH_TOKEN"] = key;
            return agent;
        }

        var pace = new JsonObject
        {
            ["orchestrator"] = new JsonObject { ["maxSessions"] = 10, ["maxFailures"] = 3, ["sessionDelay"] = 0 },
            ["agent"] = settings.Agent,
            ["agents"] = new JsonObject
            {
                ["claude"] = Claude(baseUrl, retryOnce: true),
                // Only Pace's own acceptEdits: edits outside the repository and Bash are denied.
                ["claude-strict"] = Claude(baseUrl, retryOnce: true, allowTools: false),
                // Nothing listens on this port: Claude Code retries for minutes, so the session's time limit ends it.
                ["claude-offline"] = Claude($"http://127.0.0.1:{deadPort}", retryOnce: false),
                ["claude-subscription"] = ClaudeSubscription(),
                ["codex"] = new JsonObject
                {
                    ["type"] = "codex",
                    ["command"] = clis.Codex,
                    ["args"] = settings.CodexStreamRetries is { } retries
                        ? new JsonArray("--disable", "plugins", "-c", $"model_providers.fake.stream_max_retries={retries}")
                        : new JsonArray("--disable", "plugins"),
                    ["env"] = new JsonObject { ["CODEX_HOME"] = Path.Combine(sandbox.Home, ".codex"), ["FAKE_OPENAI_API_KEY"] = key },
                },
                ["gemini"] = new JsonObject
                {
                    ["type"] = "gemini",
                    ["command"] = clis.Gemini,
                    // Without -m Gemini CLI sends an extra routing request first.
                    ["model"] = "gemini-2.5-pro",
                    ["env"] = new JsonObject { ["GOOGLE_GEMINI_BASE_URL"] = baseUrl, ["GEMINI_API_KEY"] = key },
                },
            },
            ["session"] = new JsonObject { ["timeoutMinutes"] = settings.TimeoutMinutes },
            ["checks"] = new JsonArray(new JsonObject { ["name"] = "tests", ["run"] = "sh check.sh", ["timeoutSeconds"] = 60 }),
        };
        if (settings.ProtectedTests is { } patterns)
        {
            pace["protectedTests"] = new JsonArray([.. patterns.Select(p => (JsonNode)JsonValue.Create(p))]);
        }

        if (settings.UsageJitterSeconds is { } jitter)
        {
            pace["usageLimits"] = new JsonObject { ["jitterSeconds"] = jitter };
        }

        if (settings.UsageBackoffSeconds is { } backoff)
        {
            pace["usageLimits"] ??= new JsonObject();
            pace["usageLimits"]!["backoffSeconds"] = backoff;
        }

        return new JsonObject { ["pace"] = pace }.ToJsonString(new() { WriteIndented = true }) + "\n";
    }
}

/// <summary>What differs between the sample projects of the tests.</summary>
public sealed record ProjectSettings
{
    public string Agent { get; init; } = "claude";

    public decimal TimeoutMinutes { get; init; } = 2;

    /// <summary>pace.usageLimits.jitterSeconds; null keeps Pace's default.</summary>
    public int? UsageJitterSeconds { get; init; }

    /// <summary>pace.usageLimits.backoffSeconds (the first wait for a limit with no reset time); null keeps Pace's default.</summary>
    public int? UsageBackoffSeconds { get; init; }

    /// <summary>Codex's stream_max_retries for the scripted provider (given with -c in the agent's args); null keeps Codex's 5.</summary>
    public int? CodexStreamRetries { get; init; }

    /// <summary>Gemini CLI's general.maxAttempts in settings.json; null keeps its 10.</summary>
    public int? GeminiMaxAttempts { get; init; }

    /// <summary>Null keeps Pace's default patterns.</summary>
    public IReadOnlyList<string>? ProtectedTests { get; init; }
}
