namespace Pace.Adapters.Verification;

/// <summary>The last lines of an output, at most <c>limit</c> characters in all; older lines fall off.</summary>
internal sealed class OutputTail(int limit)
{
    private readonly Queue<string> _lines = new();
    private int _length;

    public void Add(string line)
    {
        if (line.Length >= limit)
        {
            _lines.Clear();
            _length = 0;
            line = line[^(limit - 1)..];
        }

        _lines.Enqueue(line);
        _length += line.Length + 1;
        while (_length > limit)
        {
            _length -= _lines.Dequeue().Length + 1;
        }
    }

    public override string ToString() => string.Join('\n', _lines);
}
