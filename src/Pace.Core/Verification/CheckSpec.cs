namespace Pace.Core.Verification;

/// <summary>One check Pace runs itself after a session: <paramref name="Command"/> goes through <c>sh -c</c> in the session's tree.</summary>
public sealed record CheckSpec(string Name, string Command, TimeSpan Timeout);
