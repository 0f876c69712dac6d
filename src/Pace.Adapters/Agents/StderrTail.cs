using Pace.Adapters.Agents.Streams;

using Pace.Adapters.Security;

namespace Pace.Adapters.Agents;

/// <summary>The last few lines of an agent's standard error, for the error of a session that died without saying why.</summary>
internal sealed class StderrTail
{
    private const int Lines = 10;
    private readonly Queue<string> _lines = new();
    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _lines.Enqueue(Text.Cut(Secrets.Redact(line), 500));
        if (_lines.Count > Lines)
        {
            _lines.Dequeue();
        }
    }

    public string Joined() => string.Join("\n", _lines);
}
