using Pace.Adapters.Forges.GitHub;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Forges.GitHub;

public sealed class GitHubTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GITHUB_TOKEN_comes_before_GH_TOKEN_and_neither_shows_in_the_token_s_text()
    {
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "ghp_first0123456789", ["GH_TOKEN"] = "ghp_second0123456789" };

        var token = await GitHubToken.ResolveAsync(environment, folder.Path, Ct, ghExecutable: "/nonexistent/gh");

        token.Source.ShouldBe("GITHUB_TOKEN");
        token.Reveal().ShouldBe("ghp_first0123456789");
        token.ToString().ShouldNotContain("ghp_");
        token.Redact("x ghp_first0123456789 y").ShouldBe("x [redacted] y");
    }

    [Fact]
    public async Task Without_variables_the_token_comes_from_gh_auth_token()
    {
        using var folder = new TempFolder();
        var gh = Script(folder, "gh", "[ \"$1 $2\" = \"auth token\" ] && echo gho_fromGhCli0123456789 || exit 9");

        var token = await GitHubToken.ResolveAsync(new Dictionary<string, string?>(), folder.Path, Ct, ghExecutable: gh);

        (token.Source, token.Reveal()).ShouldBe(("gh auth token", "gho_fromGhCli0123456789"));
    }

    [Fact]
    public async Task Without_variables_or_gh_the_error_says_how_to_give_a_token()
    {
        using var folder = new TempFolder();

        var error = await Should.ThrowAsync<GitHubAuthException>(() => GitHubToken.ResolveAsync(new Dictionary<string, string?>(), folder.Path, Ct, ghExecutable: "pace-no-such-gh"));

        error.Message.ShouldContain("GitHub CLI (gh) is not installed");
        error.Message.ShouldContain("GITHUB_TOKEN");
    }

    [Fact]
    public async Task A_gh_that_is_not_logged_in_is_a_clear_error_that_does_not_repeat_what_gh_printed()
    {
        using var folder = new TempFolder();
        var gh = Script(folder, "gh", "echo 'partial gho_leaky0123456789' >&2; exit 1");

        var error = await Should.ThrowAsync<GitHubAuthException>(() => GitHubToken.ResolveAsync(new Dictionary<string, string?>(), folder.Path, Ct, ghExecutable: gh));

        error.Message.ShouldContain("gh auth login");
        error.Message.ShouldNotContain("gho_leaky");
    }

    private static string Script(TempFolder folder, string name, string body)
    {
        var path = folder.File(name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
