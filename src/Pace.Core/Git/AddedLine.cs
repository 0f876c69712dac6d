namespace Pace.Core.Git;

/// <summary>One line a change adds: the file (relative, forward slashes), its line number there, and the text.</summary>
public sealed record AddedLine(string Path, int Line, string Text);
