using System.Text.Json;

namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>One model API as a CLI speaks it: how to read its requests and how to answer them.</summary>
internal interface IModelProtocol
{
    string Name { get; }

    bool Handles(ModelRequest request);

    Conversation Read(ModelRequest request, JsonElement body);

    /// <summary>The events of a streamed answer, each one a chunk on the wire.</summary>
    IReadOnlyList<string> Render(ScriptStep step, Conversation conversation, string id);

    /// <summary>An error body shaped like the API's own.</summary>
    string ErrorBody(int status, string message);

    /// <summary>The API's own 429 for a usage window or rate limit: body and headers.</summary>
    (string Body, IReadOnlyList<(string Name, string Value)> Headers) RateLimitAnswer(Conversation conversation, RateLimited limited, DateTimeOffset now);
}
