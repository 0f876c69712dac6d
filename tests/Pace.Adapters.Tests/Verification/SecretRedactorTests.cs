using Pace.Adapters.Verification;

namespace Pace.Adapters.Tests.Verification;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("OPENAI_API_KEY", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("aws_secret_access_key", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("TOKENIZER", false)]
    [InlineData("PATH", false)]
    public void I_can_tell_secret_names(string name, bool secret) => SecretRedactor.IsSecretName(name).ShouldBe(secret);

    [Fact]
    public void I_redact_every_secret_value_in_a_line_but_not_short_ones()
    {
        var redactor = new SecretRedactor([
            new("A_TOKEN", "ghp_abcdef123456"),
            new("B_API_KEY", "ghp_abcdef123456-long"),
            new("C_SECRET", "xyz"),
            new("HOME", "/home/someone"),
        ]);

        redactor.Redact("token=ghp_abcdef123456-long other=ghp_abcdef123456 xyz /home/someone")
            .ShouldBe("token=[redacted] other=[redacted] xyz /home/someone");
    }
}
