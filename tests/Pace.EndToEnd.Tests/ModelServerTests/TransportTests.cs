using System.Net;
using Pace.EndToEnd.Tests.ModelServer;
using static Pace.EndToEnd.Tests.ModelServerTests.ServerClient;

namespace Pace.EndToEnd.Tests.ModelServerTests;

public sealed class TransportTests
{
    [Fact(Timeout = 30_000)]
    public async Task The_probe_Claude_Code_sends_first_gets_404()
    {
        await using var server = ScriptedModelServer.Start();
        using var client = For(server);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        server.Requests.Single().Method.ShouldBe("HEAD");
        server.ForeignRequests.ShouldBeEmpty();
        new Uri(server.BaseUrl).Host.ShouldBe("127.0.0.1");
    }

    [Fact(Timeout = 30_000)]
    public async Task Traffic_sent_through_it_as_a_proxy_is_logged_as_foreign()
    {
        await using var server = ScriptedModelServer.Start();
        using var client = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(server.BaseUrl), UseProxy = true });

        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri("https://telemetry.example.invalid/v1/events"), TestContext.Current.CancellationToken));

        var foreign = server.ForeignRequests.ShouldHaveSingleItem();
        foreign.Method.ShouldBe("CONNECT");
        foreign.Target.ShouldBe("telemetry.example.invalid:443");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_dropped_connection_ends_the_stream_before_the_answer_is_complete()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("T-1", new DropConnection("never finished")));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1/messages", AnthropicBody("T-1", 0));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var received = new List<string>();
        await Should.ThrowAsync<IOException>(async () =>
        {
            while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                received.Add(line);
            }
        });

        received.ShouldContain("event: message_start");
        received.ShouldContain(line => line.Contains("\"text_delta\"", StringComparison.Ordinal));
        received.ShouldNotContain("event: message_stop");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_slow_stream_still_delivers_every_event()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("T-2", new Say("slowly now") { EventDelay = TimeSpan.FromMilliseconds(20) }));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1/responses", ResponsesBody("T-2"));
        var events = await EventsAsync(response);

        events[^1]["type"]!.GetValue<string>().ShouldBe("response.completed");
        string.Concat(events.Where(e => (string)e["type"]! == "response.output_text.delta").Select(e => (string)e["delta"]!)).ShouldBe("slowly now");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_conversation_without_a_known_marker_is_refused_and_logged()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("T-3", new Say("x")));
        using var client = For(server);

        using var response = await PostAsync(client, "/v1/messages", AnthropicBody("no marker here", 0));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var logged = server.Requests.Single();
        logged.Marker.ShouldBeNull();
        logged.Answer.ShouldContain("no script's marker");
    }

    [Fact(Timeout = 30_000)]
    public async Task Keys_in_headers_query_and_body_never_reach_the_log()
    {
        await using var server = ScriptedModelServer.Start().Add(new ModelScript("T-4", new Say("x")));
        using var client = For(server);
        var body = GeminiBody("T-4");
        body["api_key"] = "sk-body-secret-1";
        body["contents"]![0]!["parts"]![0]!["text"] = "T-4 and the header key sk-header-secret-2";

        using var response = await PostAsync(client, "/v1beta/models/g:streamGenerateContent?alt=sse&key=sk-query-secret-3", body,
            ("x-goog-api-key", "sk-header-secret-2"), ("authorization", "Bearer sk-bearer-secret-4"), ("x-api-key", "sk-header-secret-5"));
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var logged = server.Requests.Single();
        var text = $"{logged} {string.Join(' ', logged.Headers)} {logged.Body}";
        foreach (var secret in new[] { "sk-body-secret-1", "sk-header-secret-2", "sk-query-secret-3", "sk-bearer-secret-4", "sk-header-secret-5" })
        {
            text.ShouldNotContain(secret);
        }

        logged.Headers["x-goog-api-key"].ShouldBe(Redaction.Mask);
        logged.Marker.ShouldBe("T-4");
    }
}
