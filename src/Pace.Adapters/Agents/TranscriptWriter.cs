using System.Text;

using Pace.Adapters.Security;

namespace Pace.Adapters.Agents;

/// <summary>
/// Appends redacted lines to a transcript file and flushes each one, so the file on disk is the
/// session so far (a killed Pace loses nothing) while nothing is held in memory.
/// The file is created on the first line when <c>lazy</c>, at once otherwise.
/// </summary>
internal sealed class TranscriptWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly string _path;
    private StreamWriter? _writer;

    public TranscriptWriter(string path, bool lazy = false)
    {
        _path = path;
        if (!lazy)
        {
            Open();
        }
    }

    public void WriteLine(string line)
    {
        var writer = _writer ?? Open();
        writer.Write(Secrets.Redact(line));
        writer.Write('\n');
        writer.Flush();
    }

    public void Dispose() => _writer?.Dispose();

    private StreamWriter Open()
    {
        if (Path.GetDirectoryName(Path.GetFullPath(_path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        var stream = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        return _writer = new StreamWriter(stream, Utf8, 1 << 16);
    }
}
