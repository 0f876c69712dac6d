namespace Pace.Core.Diagnostics;

/// <summary>
/// The user's input (a file, an argument) cannot be used. Maps to exit code 2; the message is for
/// the user and the diagnostics say where.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message)
        : this(message, [])
    {
    }

    public InputException(string message, IReadOnlyList<Diagnostic> diagnostics)
        : base(message)
    {
        Diagnostics = diagnostics;
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostics = [];
    }

    public InputException()
        : this("invalid input")
    {
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
