using System.Text.Json;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// Reads one CLI's machine-readable output line by line into normalised events and a running
/// <see cref="AgentStreamState"/>. Pure: no IO, no clock. Never throws on bad input: a line that
/// is not a JSON object with a string "type", or whose type is unknown, is counted and skipped.
/// </summary>
internal abstract class AgentStreamParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    public AgentStreamState State { get; } = new();

    public void Feed(string line, Action<AgentEvent> emit)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, Options);
        }
        catch (JsonException)
        {
            OnUnrecognised(line, emit);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            bool handled;
            try
            {
                handled = root.String("type") is { } type && Handle(type, root, emit);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                // A field of an unexpected shape that a lenient read did not cover: skip the line, keep going.
                handled = false;
            }

            if (!handled)
            {
                OnUnrecognised(line, emit);
            }
        }
    }

    /// <summary>Handles one event; returns false for an event type this parser does not know.</summary>
    protected abstract bool Handle(string type, JsonElement root, Action<AgentEvent> emit);

    protected virtual void OnUnrecognised(string line, Action<AgentEvent> emit) => State.UnparsedLines++;

    protected void ReportError(string message, Action<AgentEvent> emit) => emit(new AgentErrorReported(State.AddError(message)));
}
