using System.Text.Json;
using Pace.Core.Agents;
using Pace.Core.Config;
using Pace.Core.Diagnostics;
using Pace.Core.Security;
using Pace.Core.Verification;

namespace Pace.Adapters.Config;

/// <summary>
/// Reads the run settings of pace.json (everything but pace.spec and pace.forge). Unknown keys
/// are ignored so that other tools' settings can live beside Pace's; a known key with a wrong type
/// is an error naming its line and column.
/// </summary>
public sealed partial class PaceConfigReader
{
    private readonly string _path;
    private readonly JsonPositions _positions;
    private readonly List<Diagnostic> _errors = [];

    private PaceConfigReader(string path, JsonPositions positions)
    {
        _path = path;
        _positions = positions;
    }

    /// <summary>The sections every run reads, from the document <see cref="PaceSettings"/> parsed once.</summary>
    internal static PaceConfig Read(string path, JsonElement root, JsonPositions positions)
    {
        var reader = new PaceConfigReader(path, positions);
        var config = reader.Read(root);
        return reader._errors.Count == 0
            ? config
            : throw new InputException($"{path}: {reader._errors.Count} problem{(reader._errors.Count == 1 ? "" : "s")}; nothing was changed", reader._errors);
    }

    private PaceConfig Read(JsonElement root)
    {
        var config = PaceConfig.Default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("", "pace.json must hold an object");
            return config;
        }

        if (!root.TryGetProperty("pace", out var pace))
        {
            return config;
        }

        if (!Expect(pace, JsonValueKind.Object, "pace"))
        {
            return config;
        }

        if (pace.TryGetProperty("orchestrator", out var orchestrator) && Expect(orchestrator, JsonValueKind.Object, "pace.orchestrator"))
        {
            config = config with
            {
                MaxSessions = Int(orchestrator, "maxSessions", "pace.orchestrator", min: 1) ?? config.MaxSessions,
                MaxFailures = Int(orchestrator, "maxFailures", "pace.orchestrator", min: 1) ?? config.MaxFailures,
                MaxAttemptsPerFeature = Int(orchestrator, "maxAttemptsPerFeature", "pace.orchestrator", min: 1) ?? config.MaxAttemptsPerFeature,
                Parallel = Int(orchestrator, "parallel", "pace.orchestrator", min: 1) ?? config.Parallel,
                SessionDelay = Int(orchestrator, "sessionDelay", "pace.orchestrator", min: 0) is { } ms ? TimeSpan.FromMilliseconds(ms) : config.SessionDelay,
            };
        }

        if (pace.TryGetProperty("usageLimits", out var usage) && Expect(usage, JsonValueKind.Object, "pace.usageLimits"))
        {
            var policy = config.UsagePauses;
            config = config with
            {
                UsagePauses = policy with
                {
                    MaxPause = Decimal(usage, "maxPauseHours", "pace.usageLimits") is { } hours ? TimeSpan.FromHours((double)hours) : policy.MaxPause,
                    Jitter = Int(usage, "jitterSeconds", "pace.usageLimits", min: 0) is { } jitter ? TimeSpan.FromSeconds(jitter) : policy.Jitter,
                    Backoff = Int(usage, "backoffSeconds", "pace.usageLimits", min: 1) is { } backoff ? TimeSpan.FromSeconds(backoff) : policy.Backoff,
                    MaxBackoff = Int(usage, "maxBackoffSeconds", "pace.usageLimits", min: 1) is { } max ? TimeSpan.FromSeconds(max) : policy.MaxBackoff,
                },
            };
        }

        var agents = ReadAgents(pace);
        var (agent, fallbacks) = ReadAgentOrder(pace, agents);
        config = config with
        {
            Agent = agent ?? config.Agent,
            Evaluator = String(pace, "evaluator", "pace"),
            FallbackAgents = fallbacks,
            RunBudgetUsd = Decimal(pace, "budgetUsd", "pace") ?? config.RunBudgetUsd,
            Agents = agents,
            Checks = ReadChecks(pace),
            ProtectedTests = StringList(pace, "protectedTests", "pace") ?? config.ProtectedTests,
            SessionLimits = ReadSessionLimits(pace, config.SessionLimits),
        };

        if (pace.TryGetProperty("secrets", out var secrets) && Expect(secrets, JsonValueKind.Object, "pace.secrets"))
        {
            config = config with
            {
                Secrets = new SecretAllowList
                {
                    Paths = StringList(secrets, "allowPaths", "pace.secrets") ?? [],
                    Values = StringList(secrets, "allowValues", "pace.secrets") ?? [],
                },
            };
        }

        if (pace.TryGetProperty("verification", out var verification) && Expect(verification, JsonValueKind.Object, "pace.verification"))
        {
            config = config with { RegressionCap = Int(verification, "regressionCap", "pace.verification", min: 0) ?? config.RegressionCap };
            if (verification.TryGetProperty("exempt", out var exempt) && Expect(exempt, JsonValueKind.Object, "pace.verification.exempt"))
            {
                config = config with
                {
                    Proof = new ProofRules
                    {
                        ExemptCategories = StringList(exempt, "categories", "pace.verification.exempt") ?? [],
                        ExemptItems = StringList(exempt, "items", "pace.verification.exempt") ?? [],
                    },
                };
            }
        }

        if (pace.TryGetProperty("prompt", out var prompt) && Expect(prompt, JsonValueKind.Object, "pace.prompt"))
        {
            config = config with { PromptTemplate = String(prompt, "template", "pace.prompt") ?? ReadTemplateFile(prompt) };
        }

        return config with { Notify = ReadNotify(pace) };
    }

    private AgentLimits ReadSessionLimits(JsonElement pace, AgentLimits defaults)
    {
        if (!pace.TryGetProperty("session", out var session) || !Expect(session, JsonValueKind.Object, "pace.session"))
        {
            return defaults;
        }

        var minutes = Decimal(session, "timeoutMinutes", "pace.session");
        return new AgentLimits(
            minutes is { } m ? TimeSpan.FromMinutes((double)m) : defaults.TimeLimit,
            Int(session, "maxTurns", "pace.session", min: 1),
            Decimal(session, "budgetUsd", "pace.session"));
    }

    private string? ReadTemplateFile(JsonElement prompt)
    {
        if (String(prompt, "templateFile", "pace.prompt") is not { } file)
        {
            return null;
        }

        var full = Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(_path))!);
        if (File.Exists(full))
        {
            return File.ReadAllText(full);
        }

        Error("pace.prompt.templateFile", $"the prompt template file \"{file}\" does not exist");
        return null;
    }

    private IReadOnlyList<CheckSpec> ReadChecks(JsonElement pace)
    {
        if (!pace.TryGetProperty("checks", out var checks) || !Expect(checks, JsonValueKind.Array, "pace.checks"))
        {
            return [];
        }

        var result = new List<CheckSpec>();
        var i = 0;
        foreach (var check in checks.EnumerateArray())
        {
            var at = $"pace.checks[{i++}]";
            if (check.ValueKind == JsonValueKind.String)
            {
                result.Add(CheckSpec.Of(check.GetString()!));
                continue;
            }

            if (!Expect(check, JsonValueKind.Object, at))
            {
                continue;
            }

            var run = String(check, "run", at);
            if (run is null)
            {
                Error(at, "a check needs \"run\": the command to run");
                continue;
            }

            var seconds = Int(check, "timeoutSeconds", at, min: 1);
            result.Add(new CheckSpec(String(check, "name", at) ?? run, run, seconds is { } s ? TimeSpan.FromSeconds(s) : CheckSpec.DefaultTimeout));
        }

        return result;
    }
}
