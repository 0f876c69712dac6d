namespace Pace.Core.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>A problem found in a user's file, located where the file allows it.</summary>
public sealed record Diagnostic(Severity Severity, string File, int? Line, int? Column, string Message)
{
    /// <summary>The id of the feature or task the problem belongs to, where there is one.</summary>
    public string? Subject { get; init; }

    /// <summary>The field the problem is about, where there is one.</summary>
    public string? Field { get; init; }

    public static Diagnostic Error(string file, TextPosition? at, string message) =>
        new(Severity.Error, file, at?.Line, at?.Column, message);

    public static Diagnostic Warning(string file, TextPosition? at, string message) =>
        new(Severity.Warning, file, at?.Line, at?.Column, message);

    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}:{Column}" : File;
        var kind = Severity == Severity.Error ? "error" : "warning";
        return $"{where}: {kind}: {Message}";
    }
}
