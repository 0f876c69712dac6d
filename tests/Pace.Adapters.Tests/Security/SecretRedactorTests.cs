using Pace.Adapters.Security;

namespace Pace.Adapters.Tests.Security;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("aws_secret_access_key", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("TOKENIZER", false)]
    [InlineData("PATH", false)]
    [InlineData("ANTHROPIC_API_KEY", true)]
    [InlineData("GH_PAT", true)]
    [InlineData("KEYBOARD", false)]
    public void I_can_tell_secret_names(string name, bool secret) => SecretRedactor.LooksSecret(name).ShouldBe(secret);

    [Fact]
    public void I_redact_every_secret_value_in_a_line_but_not_short_ones()
    {
        var redactor = SecretRedactor.For(new Dictionary<string, string?>
        {
            ["A_TOKEN"] = "ghp_abcdef123456",
            ["B_API_KEY"] = "ghp_abcdef123456-long",
            ["C_SECRET"] = "xyz",
            ["HOME"] = "/home/someone",
        });

        redactor.Redact("token=ghp_abcdef123456-long other=ghp_abcdef123456 xyz /home/someone")
            .ShouldBe("token=[REDACTED] other=[REDACTED] xyz /home/someone");
    }
}
