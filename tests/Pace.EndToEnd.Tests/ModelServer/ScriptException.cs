namespace Pace.EndToEnd.Tests.ModelServer;

/// <summary>The script cannot be played against this request (no tool for the step, no script for the marker).</summary>
public sealed class ScriptException : Exception
{
    public ScriptException(string message)
        : base(message)
    {
    }

    public ScriptException()
    {
    }

    public ScriptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
