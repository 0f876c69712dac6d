using System.Text.RegularExpressions;

namespace Pace.Core.Security;

/// <summary>
/// The shapes of well-known credentials, recognised even when Pace does not know the value (a key
/// an agent found in a file, a token pasted into a test). Each shape asks for a digit in the random
/// part so that ordinary kebab-case words (`sk-learn-...`) are not taken for keys.
/// </summary>
public static partial class SecretShapes
{
    /// <summary>One shape: the name reported by the diff scan, and its pattern.</summary>
    public sealed record Shape(string Name, Regex Pattern);

    public static IReadOnlyList<Shape> All { get; } =
    [
        new("private key block", PrivateKey()),
        new("GitHub token", GitHubClassic()),
        new("GitHub token", GitHubFineGrained()),
        new("Anthropic API key", Anthropic()),
        new("OpenAI API key", OpenAi()),
        new("AWS access key id", Aws()),
        new("Slack token", Slack()),
        new("bearer token", Bearer()),
    ];

    // A block in a file (real line ends) or in JSON text (\n escapes); the body never crosses a quote,
    // so a match inside a JSON string cannot eat the string's end.
    [GeneratedRegex(@"-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----(?:[^""]*?-----END [A-Z ]{0,20}PRIVATE KEY-----|[^""]*)")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\bgh[opsur]_(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{30,}")]
    private static partial Regex GitHubClassic();

    [GeneratedRegex(@"\bgithub_pat_(?=[A-Za-z0-9_]*[0-9])[A-Za-z0-9_]{22,}")]
    private static partial Regex GitHubFineGrained();

    [GeneratedRegex(@"\bsk-ant-(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{20,}")]
    private static partial Regex Anthropic();

    [GeneratedRegex(@"\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_\-]*[0-9])(?=[A-Za-z0-9_\-]*[A-Za-z])[A-Za-z0-9_\-]{20,}")]
    private static partial Regex OpenAi();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex Aws();

    [GeneratedRegex(@"\bxox[abposr]-(?=[A-Za-z0-9\-]*[0-9])[A-Za-z0-9\-]{10,}")]
    private static partial Regex Slack();

    // Only the credential after the word is a secret: "Bearer [REDACTED]" still tells what was there.
    [GeneratedRegex(@"(?<=\b[Bb]earer\s+)(?=[A-Za-z0-9\-._~+/]*[0-9])[A-Za-z0-9\-._~+/]{12,}=*")]
    private static partial Regex Bearer();
}
