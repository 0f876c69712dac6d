namespace Pace.Core.Security;

/// <summary>A secret found in a change: what kind (never the value), and where.</summary>
public sealed record SecretFinding(string Kind, string Path, int Line)
{
    public override string ToString() => $"{Kind}, {Path}, line {Line}";
}
