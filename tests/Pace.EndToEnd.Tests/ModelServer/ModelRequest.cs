namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>One HTTP request as the server read it: header names are lower case.</summary>
public sealed record ModelRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The target without its query string.</summary>
    public string Path => Target.Split('?', 2)[0];
}
