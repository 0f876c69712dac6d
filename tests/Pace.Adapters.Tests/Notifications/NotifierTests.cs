using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Pace.Adapters.Config;
using Pace.Adapters.Notifications;
using Pace.Adapters.Tests.Support;
using Pace.Core.Notifications;

namespace Pace.Adapters.Tests.Notifications;

public sealed class NotifierTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public async Task A_command_gets_the_notice_as_json_on_its_input_and_the_event_in_its_environment()
    {
        using var folder = new TempFolder();
        var lines = new List<string>();
        var notifier = Notifier.Start(new NotifySettings("cat > notice.json; echo \"$PACE_EVENT_KIND $PACE_EVENT_FEATURE\" > env.txt", null, null, TimeSpan.FromSeconds(30)), folder.Path, lines.Add)!;

        notifier.Send(new Notice(NoticeKinds.Stuck, At, "F-1 is stuck") { Feature = "F-1" });
        await notifier.DisposeAsync();

        lines.ShouldBeEmpty();
        using var json = JsonDocument.Parse(File.ReadAllText(folder.File("notice.json")));
        json.RootElement.GetProperty("kind").GetString().ShouldBe("stuck");
        json.RootElement.GetProperty("project").GetString().ShouldBe(Path.GetFileName(folder.Path));
        File.ReadAllText(folder.File("env.txt")).Trim().ShouldBe("stuck F-1");
    }

    [Fact]
    public async Task Notices_for_a_webhook_that_never_answers_are_queued_at_once_tried_once_each_and_given_up_on_at_the_end()
    {
        using var folder = new TempFolder();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var requests = 0;
        var held = new List<TcpClient>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _ = Task.Run(
            async () =>
            {
                // Accepts each connection and never answers.
                try
                {
                    while (true)
                    {
                        var client = await listener.AcceptTcpClientAsync(stop.Token);
                        lock (held)
                        {
                            held.Add(client);
                        }

                        Interlocked.Increment(ref requests);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                }
            },
            stop.Token);
        var lines = new List<string>();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook/secret-path-0042";
        var notifier = Notifier.Start(new NotifySettings(null, url, [NoticeKinds.Stuck], TimeSpan.FromSeconds(1)), folder.Path, lines.Add)!;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 6; i++)
        {
            notifier.Send(new Notice(NoticeKinds.Stuck, At, $"F-{i} is stuck"));
            notifier.Send(new Notice(NoticeKinds.Paused, At, "not wanted"));
        }

        var queued = clock.Elapsed;
        await notifier.DisposeAsync();

        // Generous bounds: queuing takes no network time; the end waits one timeout and a grace, not six timeouts.
        queued.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5.5));
        lines.ShouldContain("webhook (127.0.0.1): the stuck notification was not delivered: no answer in 1 s");
        lines.ShouldContain(l => l.StartsWith("webhook (127.0.0.1): ", StringComparison.Ordinal) && l.EndsWith(" were not sent before Pace exited", StringComparison.Ordinal));
        Volatile.Read(ref requests).ShouldBeLessThanOrEqualTo(4);
        lines.ShouldAllBe(l => !l.Contains("secret-path-0042"));
        await stop.CancelAsync();
        listener.Stop();
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_webhook_with_a_variable_that_is_not_set_is_turned_off_for_the_run_and_says_which()
    {
        using var folder = new TempFolder();
        var lines = new List<string>();
        var notifier = Notifier.Start(new NotifySettings(null, "https://hooks.example.invalid/${PACE_TEST_UNSET_HOOK_TOKEN}", null, TimeSpan.FromSeconds(1)), folder.Path, lines.Add)!;

        notifier.Send(new Notice(NoticeKinds.RunFinished, At, "done"));
        await notifier.DisposeAsync();

        lines.ShouldBe(["the webhook is off for this run: ${PACE_TEST_UNSET_HOOK_TOKEN} not set in Pace's environment"]);
    }

    [Fact]
    public void A_notify_section_is_read_with_its_defaults_and_a_variable_in_the_webhook_is_allowed()
    {
        var config = PaceSettings.Parse("/p/pace.json", Encoding.UTF8.GetBytes("""
            { "pace": { "notify": { "webhook": "https://hooks.example.invalid/${HOOK_TOKEN}", "events": ["run-finished", "waiting"] } } }
            """)).Config;

        config.Notify.ShouldNotBeNull();
        config.Notify.Timeout.ShouldBe(TimeSpan.FromSeconds(10));
        config.Notify.Wants("waiting").ShouldBeTrue();
        config.Notify.Wants("stuck").ShouldBeFalse();
        config.Notify.Command.ShouldBeNull();
    }
}
