using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Agents;

/// <summary>How each real CLI is started offline against the scripted server (see docs in agent-clis.md).</summary>
internal static class Clis
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static Task<AgentOutcome> ClaudeAsync(
        AgentClis clis, Sandbox sandbox, ScriptedModelServer server, string prompt, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = sandbox.Environment(server);
        environment["ANTHROPIC_BASE_URL"] = server.BaseUrl;
        environment["ANTHROPIC_API_KEY"] = sandbox.ApiKey;
        environment["DISABLE_TELEMETRY"] = "1";
        environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        Merge(environment, extra);
        // As root, bypassPermissions refuses to start; acceptEdits plus the allowed tools lets Write and Bash run.
        return AgentProcess.RunAsync(
            clis.Claude,
            ["-p", prompt, "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--allowedTools", "Write,Edit,Read,Bash"],
            sandbox, environment, Limit);
    }

    public static async Task<AgentOutcome> CodexAsync(
        AgentClis clis, Sandbox sandbox, ScriptedModelServer server, string prompt, IReadOnlyDictionary<string, string>? extra = null)
    {
        var codexHome = await WriteCodexConfigAsync(sandbox, server.BaseUrl);
        var environment = sandbox.Environment(server);
        environment["CODEX_HOME"] = codexHome;
        environment["FAKE_OPENAI_API_KEY"] = sandbox.ApiKey;
        Merge(environment, extra);
        return await AgentProcess.RunAsync(
            clis.Codex,
            ["exec", "--json", "--disable", "plugins", "--sandbox", "danger-full-access", "--skip-git-repo-check", prompt],
            sandbox, environment, Limit);
    }

    public static async Task<AgentOutcome> GeminiAsync(
        AgentClis clis, Sandbox sandbox, ScriptedModelServer server, string prompt, IReadOnlyDictionary<string, string>? extra = null)
    {
        await WriteGeminiSettingsAsync(sandbox);
        var environment = sandbox.Environment(server);
        environment["GEMINI_API_KEY"] = sandbox.ApiKey;
        environment["GOOGLE_GEMINI_BASE_URL"] = server.BaseUrl;
        Merge(environment, extra);
        return await AgentProcess.RunAsync(
            clis.Gemini,
            ["-p", prompt, "--output-format", "stream-json", "--approval-mode", "yolo", "--skip-trust", "-m", "gemini-2.5-pro"],
            sandbox, environment, Limit);
    }

    /// <summary>$HOME/.codex/config.toml with a provider "fake" at the server (Codex 0.169 needs its name); returns CODEX_HOME.</summary>
    public static async Task<string> WriteCodexConfigAsync(Sandbox sandbox, string baseUrl)
    {
        var codexHome = Directory.CreateDirectory(Path.Combine(sandbox.Home, ".codex")).FullName;
        await File.WriteAllTextAsync(Path.Combine(codexHome, "config.toml"), $"""
            model = "gpt-5.5"
            model_provider = "fake"

            [analytics]
            enabled = false

            [model_providers.fake]
            name = "fake"
            base_url = "{baseUrl}/v1"
            env_key = "FAKE_OPENAI_API_KEY"
            wire_api = "responses"
            """);
        return codexHome;
    }

    /// <summary>
    /// $HOME/.gemini/settings.json: API-key auth (else exit 41), no statistics, telemetry or update
    /// checks; <paramref name="maxAttempts"/> is general.maxAttempts (the CLI's attempts per model request, 10 when absent).
    /// </summary>
    public static Task WriteGeminiSettingsAsync(Sandbox sandbox, int? maxAttempts = null)
    {
        var settings = Directory.CreateDirectory(Path.Combine(sandbox.Home, ".gemini")).FullName;
        var attempts = maxAttempts is { } n ? $", \"maxAttempts\": {n}" : "";
        return File.WriteAllTextAsync(Path.Combine(settings, "settings.json"), $$"""
            {
              "security": { "auth": { "selectedType": "gemini-api-key" } },
              "privacy": { "usageStatisticsEnabled": false },
              "telemetry": { "enabled": false },
              "general": { "disableAutoUpdate": true, "disableUpdateNag": true{{attempts}} }
            }
            """);
    }

    private static void Merge(Dictionary<string, string?> environment, IReadOnlyDictionary<string, string>? extra)
    {
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
    }
}
