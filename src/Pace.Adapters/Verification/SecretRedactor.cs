using System.Collections;

namespace Pace.Adapters.Verification;

/// <summary>
/// Replaces the values of secret-looking environment variables (names ending in <c>_API_KEY</c> or
/// <c>_TOKEN</c>, or containing <c>SECRET</c> or <c>PASSWORD</c>) in output lines before they are
/// written anywhere. Values shorter than <see cref="MinLength"/> are left alone: redacting "1" or "yes"
/// everywhere would ruin the output and protect nothing.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Mask = "[redacted]";
    private const int MinLength = 6;

    private readonly string[] _values;

    public SecretRedactor(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        _values = [.. variables
            .Where(v => IsSecretName(v.Key) && v.Value is { Length: >= MinLength })
            .Select(v => v.Value!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length)];
    }

    /// <summary>The secrets of this process's environment and of the extra variables given to the child.</summary>
    public static SecretRedactor For(IReadOnlyDictionary<string, string?> extra)
    {
        var all = new List<KeyValuePair<string, string?>>(extra);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            all.Add(new KeyValuePair<string, string?>((string)entry.Key, entry.Value as string));
        }

        return new SecretRedactor(all);
    }

    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant();
        return upper.EndsWith("_API_KEY", StringComparison.Ordinal)
            || upper.EndsWith("_TOKEN", StringComparison.Ordinal)
            || upper.Contains("SECRET", StringComparison.Ordinal)
            || upper.Contains("PASSWORD", StringComparison.Ordinal);
    }

    public string Redact(string line)
    {
        foreach (var value in _values)
        {
            if (line.Contains(value, StringComparison.Ordinal))
            {
                line = line.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return line;
    }
}
