namespace Pace.Core.Diagnostics;

/// <summary>
/// Finds line and column for many offsets in one text. Offsets usually come in increasing order
/// (errors are found front to back), so each search goes on from the last line found instead of
/// scanning from the start: a file with thousands of errors is located in one pass.
/// </summary>
public sealed class TextLocator
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private int _line = 1;
    private int _lineStart;

    public TextLocator(ReadOnlyMemory<byte> utf8) => _utf8 = utf8;

    public TextPosition Locate(long offset)
    {
        var text = _utf8.Span;
        var end = (int)Math.Clamp(offset, 0, text.Length);
        if (end < _lineStart)
        {
            _line = 1;
            _lineStart = 0;
        }

        int next;
        while ((next = text[_lineStart..end].IndexOf((byte)'\n')) >= 0)
        {
            _line++;
            _lineStart += next + 1;
        }

        return new TextPosition(_line, TextPosition.FromByteOffset(text[_lineStart..], end - _lineStart).Column);
    }
}
