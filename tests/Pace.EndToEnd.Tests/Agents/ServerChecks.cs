using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Agents;

internal static class ServerChecks
{
    /// <summary>The run talked to the model API only, and its secret never reached the log.</summary>
    public static void ShouldHaveStayedOfflineAndQuiet(this ScriptedModelServer server, string secret)
    {
        server.ForeignRequests.ShouldBeEmpty(string.Join('\n', server.ForeignRequests));
        var log = string.Join('\n', server.Requests.Select(r => $"{r} {string.Join(' ', r.Headers)} {r.Body}"));
        log.ShouldNotContain(secret);
        log.ShouldContain(Redaction.Mask);
    }

    /// <summary>The turn counts the server saw for the marker, in order.</summary>
    public static int[] TurnsFor(this ScriptedModelServer server, string marker) =>
        [.. server.Requests.Where(r => r.Marker == marker).Select(r => r.Turns ?? -1)];
}
