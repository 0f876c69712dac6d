using System.Text;

namespace Pace.Adapters.Security;

/// <summary>
/// A terminal writer that lets nothing through the redactor unseen: text is held until a line ends
/// (a secret split over two writes is still one string to the redactor) and goes on, redacted, at
/// each line end and at <see cref="Flush"/>. Every command's standard output and error are these.
/// </summary>
public sealed class RedactingWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    private RedactingWriter(TextWriter inner)
    {
        _inner = inner;
        NewLine = inner.NewLine;
    }

    public override Encoding Encoding => _inner.Encoding;

    /// <summary><paramref name="writer"/> behind a redactor (the same writer when it already is one).</summary>
    public static TextWriter Around(TextWriter writer) => writer as RedactingWriter ?? new RedactingWriter(writer);

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
            {
                Pass(_line.Length);
            }
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (_gate)
        {
            _line.Append(value);
            if (value.LastIndexOf('\n') is var end and >= 0)
            {
                Pass(_line.Length - value.Length + end + 1);
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + CoreNewLine.AsSpan().ToString());

    public override void Flush()
    {
        lock (_gate)
        {
            Pass(_line.Length);
            _inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    /// <summary>Sends the first <paramref name="length"/> characters held on, redacted (called with the gate held).</summary>
    private void Pass(int length)
    {
        if (length == 0)
        {
            return;
        }

        _inner.Write(Secrets.Redact(_line.ToString(0, length)));
        _line.Remove(0, length);
    }
}
