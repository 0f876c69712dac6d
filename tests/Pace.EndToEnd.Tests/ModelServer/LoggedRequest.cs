namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>
/// One request as the server saw it and what it answered, with every secret replaced by
/// <see cref="Redaction.Mask"/>. Protocol is null for a request no model API handles.
/// </summary>
public sealed record LoggedRequest(
    string Method,
    string Target,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? Protocol,
    string? Marker,
    int? Turns,
    string Answer)
{
    public override string ToString() =>
        $"{Method} {Target} protocol={Protocol ?? "-"} marker={Marker ?? "-"} turns={Turns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} -> {Answer}";
}
