using Pace.Core.Security;

namespace Pace.Core.Tests.Security;

public sealed class RedactorTests
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
    public void I_can_tell_secret_names(string name, bool secret) => Redactor.LooksSecret(name).ShouldBe(secret);

    [Fact]
    public void I_redact_every_secret_value_in_a_line_but_not_short_ones()
    {
        var redactor = Redactor.Shapes.WithVariables(new Dictionary<string, string?>
        {
            ["A_TOKEN"] = "abcdef123456",
            ["B_API_KEY"] = "abcdef123456-long",
            ["C_SECRET"] = "xyz",
            ["HOME"] = "/home/someone",
        });

        redactor.Redact("token=abcdef123456-long other=abcdef123456 xyz /home/someone")
            .ShouldBe("token=[REDACTED] other=[REDACTED] xyz /home/someone");
    }

    [Fact]
    public void A_known_value_is_found_as_a_json_file_spells_it()
    {
        var redactor = Redactor.Shapes.With(["pass+word<42>"]);

        redactor.Redact("{\"agentMessage\":\"the key is pass\\u002Bword\\u003C42\\u003E\"}").ShouldBe("{\"agentMessage\":\"the key is [REDACTED]\"}");
    }

    [Theory]
    [InlineData("ghp_0123456789abcdefghijABCDEFGHIJ012345", "GitHub token")]
    [InlineData("gho_0123456789abcdefghijABCDEFGHIJ012345", "GitHub token")]
    [InlineData("ghs_0123456789abcdefghijABCDEFGHIJ012345", "GitHub token")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "GitHub token")]
    [InlineData("sk-ant-api03-abcdefghij0123456789ABCDEFGHIJ", "Anthropic API key")]
    [InlineData("sk-proj-abcdefghij0123456789ABCDEFGHIJ", "OpenAI API key")]
    [InlineData("sk-abcdefghij0123456789ABCDEFGHIJ", "OpenAI API key")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", "AWS access key id")]
    [InlineData("xoxb-1234567890-abcdefghij", "Slack token")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "private key block")]
    public void I_recognise_a_well_known_token_shape_without_knowing_its_value(string token, string kind)
    {
        Redactor.Shapes.Find($"the agent said: {token} (done)").ShouldBe(kind);
        Redactor.Shapes.Redact($"the agent said: {token} (done)").ShouldBe("the agent said: [REDACTED] (done)");
    }

    [Fact]
    public void A_bearer_header_keeps_its_word_and_loses_its_credential()
    {
        Redactor.Shapes.Redact("Authorization: Bearer abc123def456ghi789").ShouldBe("Authorization: Bearer [REDACTED]");
    }

    [Fact]
    public void A_private_key_inside_a_json_string_is_redacted_without_breaking_the_string()
    {
        var json = "{\"text\":\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk\\n-----END OPENSSH PRIVATE KEY-----\",\"n\":1}";

        Redactor.Shapes.Redact(json).ShouldBe("{\"text\":\"[REDACTED]\",\"n\":1}");
    }

    [Theory]
    [InlineData("use scikit-learn with sk-learn-style-estimators-everywhere")]
    [InlineData("the task-runner-and-scheduler-component is done")]
    [InlineData("Bearer tokens are checked by the middleware")]
    [InlineData("ghp_ is GitHub's prefix for personal tokens")]
    public void Ordinary_prose_about_tokens_is_left_alone(string text)
    {
        Redactor.Shapes.Find(text).ShouldBeNull();
        Redactor.Shapes.Redact(text).ShouldBe(text);
    }

    [Fact]
    public void Learning_nothing_new_keeps_the_same_redactor()
    {
        var redactor = Redactor.Shapes.With(["a-long-secret-value"]);

        redactor.With(["a-long-secret-value", "short"]).ShouldBeSameAs(redactor);
    }
}
