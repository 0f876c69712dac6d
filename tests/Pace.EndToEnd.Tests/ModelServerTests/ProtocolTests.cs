using System.Net;
using System.Text.Json.Nodes;
using Pace.EndToEnd.Tests.ModelServer;
using static Pace.EndToEnd.Tests.ModelServerTests.ServerClient;

namespace Pace.EndToEnd.Tests.ModelServerTests;

public sealed class ProtocolTests
{
    [Fact(Timeout = 30_000)]
    public async Task The_Anthropic_stream_answers_the_step_for_the_turns_already_taken()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("M-1", new Say("first"), new RunShell("ls") { Text = "look" }));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1/messages?beta=true", AnthropicBody("do M-1", assistantTurns: 1, "Bash"));
        var events = await EventsAsync(response);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        events.Select(e => (string)e["type"]!).ShouldBe([
            "message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
            "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);
        events[5]["content_block"]!["name"]!.GetValue<string>().ShouldBe("Bash");
        var json = string.Concat(events.Where(e => e["delta"]?["type"]?.GetValue<string>() == "input_json_delta").Select(e => (string)e["delta"]!["partial_json"]!));
        json.ShouldContain("\"command\":\"ls\"");
        events[9]["delta"]!["stop_reason"]!.GetValue<string>().ShouldBe("tool_use");
        events[9]["usage"]!["output_tokens"]!.GetValue<int>().ShouldBe(Sse.OutputTokens);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_same_request_gets_the_same_answer_again()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("M-2", new WriteFile("/w/a.txt", "a") { Text = "writing" }));
        using var client = For(server);

        using var first = await PostAsync(client, "/v1/messages", AnthropicBody("M-2", 0, "Write"));
        using var second = await PostAsync(client, "/v1/messages", AnthropicBody("M-2", 0, "Write"));

        (await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .ShouldBe(await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        server.Requests.Select(r => r.Turns).ShouldBe([0, 0]);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_Responses_stream_writes_through_the_shell_when_the_CLI_offers_no_apply_patch()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("M-3", new WriteFile("/w/a.txt", "it's")));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1/responses", ResponsesBody("M-3", "exec_command"));
        var events = await EventsAsync(response);

        events.Select(e => (string)e["type"]!).ShouldBe(["response.created", "response.output_item.added", "response.output_item.done", "response.completed"]);
        var call = events[2]["item"]!;
        call["type"]!.GetValue<string>().ShouldBe("function_call");
        call["name"]!.GetValue<string>().ShouldBe("exec_command");
        JsonNode.Parse(call["arguments"]!.GetValue<string>())!["cmd"]!.GetValue<string>().ShouldBe("printf '%s' 'it'\\''s' > '/w/a.txt'");
        events[3]["response"]!["usage"]!["output_tokens"]!.GetValue<int>().ShouldBe(Sse.OutputTokens);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_Gemini_stream_calls_the_offered_tool_and_reports_usage_in_its_last_chunk()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("M-4", new RunShell("ls") { Text = "listing" }));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1beta/models/gemini-x:streamGenerateContent?alt=sse", GeminiBody("M-4", "run_shell_command"));
        var events = await EventsAsync(response);

        events.Count.ShouldBe(3);
        events[0]["usageMetadata"].ShouldBeNull();
        var last = events[^1];
        last["candidates"]![0]!["content"]!["parts"]![0]!["functionCall"]!["name"]!.GetValue<string>().ShouldBe("run_shell_command");
        last["candidates"]![0]!["finishReason"]!.GetValue<string>().ShouldBe("STOP");
        last["usageMetadata"]!["candidatesTokenCount"]!.GetValue<int>().ShouldBe(Sse.OutputTokens);
        last["modelVersion"]!.GetValue<string>().ShouldBe("gemini-x");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/v1/messages", 429, "\"type\":\"rate_limit_error\"")]
    [InlineData("/v1/messages", 529, "\"type\":\"overloaded_error\"")]
    [InlineData("/v1/responses", 500, "\"type\":\"server_error\"")]
    [InlineData("/v1beta/models/g:streamGenerateContent", 429, "\"status\":\"RESOURCE_EXHAUSTED\"")]
    public async Task A_scripted_failure_answers_with_the_status_and_the_APIs_own_error_shape(string path, int status, string shape)
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("M-5", new Fail(status, "scripted failure")));
        using var client = For(server);
        var body = path.Contains("responses", StringComparison.Ordinal) ? ResponsesBody("M-5")
            : path.Contains("v1beta", StringComparison.Ordinal) ? GeminiBody("M-5") : AnthropicBody("M-5", 0);

        using var response = await PostAsync(client, path, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        ((int)response.StatusCode).ShouldBe(status);
        text.ShouldContain(shape);
        text.ShouldContain("scripted failure");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_step_whose_tool_the_CLI_does_not_offer_is_refused_with_a_message_naming_it()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("M-6", new WriteFile("/w/a", "a")));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1/messages", AnthropicBody("M-6", 0, "Bash"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("no tool for WriteFile");
        server.Requests.Single().Answer.ShouldContain("no tool for WriteFile");
    }
}
