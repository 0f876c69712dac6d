using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pace.Core.Security;

/// <summary>
/// Decides what in a text is a secret and replaces it with <see cref="Marker"/>: the values Pace
/// knows to be secret (variables whose names look secret, the forge token), in their plain and their
/// JSON-escaped spelling, and the <see cref="SecretShapes"/> of well-known credentials. Immutable:
/// <see cref="With"/> returns a redactor that knows more.
/// </summary>
public sealed class Redactor
{
    public const string Marker = "[REDACTED]";

    /// <summary>Shorter values would redact ordinary words (a test setup's API_KEY=dummy).</summary>
    public const int MinimumLength = 8;

    private readonly string[] _values;

    private Redactor(string[] values) => _values = values;

    /// <summary>Knows no values, only the shapes.</summary>
    public static Redactor Shapes { get; } = new([]);

    /// <summary>The known values, longest first (each as given; JSON spellings are added internally).</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Whether a variable of this name holds a secret: *_KEY, *APIKEY, *_TOKEN, *_PAT, *SECRET*, *PASSWORD*, *CREDENTIAL*.</summary>
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

    /// <summary>This redactor, also knowing the values of the secret-looking variables among <paramref name="variables"/>.</summary>
    public Redactor WithVariables(IEnumerable<KeyValuePair<string, string?>> variables) =>
        With(variables.Where(pair => pair.Value is not null && LooksSecret(pair.Key)).Select(pair => pair.Value!));

    /// <summary>This redactor, also knowing <paramref name="values"/> (too short ones are ignored).</summary>
    public Redactor With(IEnumerable<string> values)
    {
        var added = new List<string>();
        foreach (var raw in values)
        {
            var value = raw.Trim();
            if (value.Length < MinimumLength)
            {
                continue;
            }

            added.Add(value);
            // Pace's JSON files escape some characters (+, <, &, non-ASCII): the value is found in them as written there.
            var escaped = JsonEncodedText.Encode(value, JavaScriptEncoder.Default).ToString();
            if (escaped != value)
            {
                added.Add(escaped);
            }
        }

        var known = _values.Concat(added).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ToArray();
        return known.Length == _values.Length ? this : new Redactor(known);
    }

    /// <summary><paramref name="text"/> with every known value and every shape replaced by <see cref="Marker"/>.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var value in _values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Marker, StringComparison.Ordinal);
            }
        }

        foreach (var shape in SecretShapes.All)
        {
            text = shape.Pattern.Replace(text, Marker);
        }

        return text;
    }

    /// <summary>What kind of secret <paramref name="text"/> holds first ("a known secret value" or a shape's name), or null when none.</summary>
    public string? Find(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (_values.Any(value => text.Contains(value, StringComparison.Ordinal)))
        {
            return "a known secret value";
        }

        return SecretShapes.All.FirstOrDefault(shape => shape.Pattern.IsMatch(text))?.Name;
    }

    /// <summary>Whether <paramref name="text"/> holds anything this redactor would replace.</summary>
    public bool Finds(string text) => Find(text) is not null;
}
