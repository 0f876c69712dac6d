using Pace.Adapters.Processes;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// The token Pace sends to GitHub. It is kept out of every string Pace makes: <see cref="ToString"/>
/// says where it came from, never what it is, and <see cref="Redact"/> cleans text that might echo it
/// (a server's error message, git's standard error) before that text goes anywhere.
/// </summary>
public sealed class GitHubToken
{
    private const string Mask = "[redacted]";

    private readonly string _value;

    private GitHubToken(string value, string source)
    {
        // From now on no output of this process shows it, wherever it was read from.
        Security.Secrets.LearnValue(value);
        _value = value;
        Source = source;
    }

    /// <summary>Where the token came from: GITHUB_TOKEN, GH_TOKEN or `gh auth token`.</summary>
    public string Source { get; }

    public static GitHubToken Of(string value, string source) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("a token cannot be empty", nameof(value)) : new(value.Trim(), source);

    /// <summary>
    /// GITHUB_TOKEN, else GH_TOKEN, from <paramref name="environment"/> (the process's own when null),
    /// else the output of <c>gh auth token</c>. No token at all is a clear error saying how to give one.
    /// </summary>
    public static async Task<GitHubToken> ResolveAsync(
        IReadOnlyDictionary<string, string?>? environment,
        string workingFolder,
        CancellationToken cancellationToken,
        string ghExecutable = "gh",
        string? host = null)
    {
        foreach (var name in (string[])["GITHUB_TOKEN", "GH_TOKEN"])
        {
            var value = environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return new GitHubToken(value.Trim(), name);
            }
        }

        string[] arguments = host is null ? ["auth", "token"] : ["auth", "token", "--hostname", host];
        var spec = new ProcessSpec(ghExecutable, arguments, workingFolder)
        {
            Timeout = TimeSpan.FromSeconds(30),
            Environment = new Dictionary<string, string?> { ["GH_PROMPT_DISABLED"] = "1", ["NO_COLOR"] = "1" },
        };
        try
        {
            var (result, stdout, _) = await ProcessRunner.CaptureAsync(spec, cancellationToken).ConfigureAwait(false);
            var token = stdout.Trim();
            if (result.Succeeded && token.Length > 0 && !token.Contains('\n', StringComparison.Ordinal))
            {
                return new GitHubToken(token, "gh auth token");
            }

            // gh's standard error is not shown: it could hold part of a token.
            throw new GitHubAuthException(
                $"no GitHub token: GITHUB_TOKEN and GH_TOKEN are not set, and `gh auth token` exited with {result.ExitCode} without printing one; run `gh auth login` or set GITHUB_TOKEN");
        }
        catch (ProcessStartException)
        {
            throw new GitHubAuthException(
                "no GitHub token: GITHUB_TOKEN and GH_TOKEN are not set, and the GitHub CLI (gh) is not installed; set GITHUB_TOKEN (or GH_TOKEN), or install gh and run `gh auth login`");
        }
    }

    /// <summary>The value, for the one place that must send it (an Authorization header, a child's environment).</summary>
    internal string Reveal() => _value;

    /// <summary><paramref name="text"/> with every occurrence of the token replaced.</summary>
    public string Redact(string? text) => string.IsNullOrEmpty(text) ? text ?? "" : text.Replace(_value, Mask, StringComparison.Ordinal);

    public override string ToString() => $"GitHub token from {Source}";
}
