namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// What a protocol reads from a request: the text of the conversation (to look for a marker), how
/// many turns the model has already taken in it, the tool names the CLI offers and the model asked for.
/// </summary>
public sealed record Conversation(string Text, int Turns, IReadOnlySet<string> Tools, string Model);
