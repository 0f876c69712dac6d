using System.Collections;

namespace Pace.Adapters.Security;

/// <summary>
/// Replaces the values of secret-looking environment variables (API keys, tokens, passwords) with
/// a marker before a line reaches a transcript. Agents echo their environment more often than one
/// would think (a `env` in a shell tool, an error message quoting a header).
/// </summary>
public sealed class SecretRedactor
{
    public const string Marker = "[REDACTED]";

    /// <summary>Shorter values would redact ordinary words (GEMINI_API_KEY=x in a test setup).</summary>
    private const int MinimumLength = 6;

    private readonly string[] _secrets;

    private SecretRedactor(IEnumerable<string> secrets) =>
        _secrets = [.. secrets.Where(s => s.Length >= MinimumLength).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    /// <summary>Secrets of the child's environment: Pace's own environment overlaid with the given variables.</summary>
    public static SecretRedactor For(IReadOnlyDictionary<string, string?> overlay)
    {
        var secrets = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value && LooksSecret(name))
            {
                secrets.Add(value);
            }
        }

        secrets.AddRange(overlay.Where(pair => pair.Value is not null && LooksSecret(pair.Key)).Select(pair => pair.Value!));
        return new SecretRedactor(secrets);
    }

    public static bool LooksSecret(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.EndsWith("_KEY", StringComparison.Ordinal)
            || upper.EndsWith("APIKEY", StringComparison.Ordinal)
            || upper.EndsWith("_TOKEN", StringComparison.Ordinal)
            || upper.EndsWith("_PAT", StringComparison.Ordinal)
            || upper.Contains("SECRET", StringComparison.Ordinal)
            || upper.Contains("PASSWORD", StringComparison.Ordinal)
            || upper.Contains("CREDENTIAL", StringComparison.Ordinal);
    }

    public string Redact(string line)
    {
        foreach (var secret in _secrets)
        {
            if (line.Contains(secret, StringComparison.Ordinal))
            {
                line = line.Replace(secret, Marker, StringComparison.Ordinal);
            }
        }

        return line;
    }
}
