using Pace.Adapters.Storage;
using Pace.Core.Ports;

namespace Pace.Adapters.Loop;

public sealed partial class FileRunStore
{
    /// <summary>
    /// The captures of agents still running: Pace's own writes meanwhile (another lane's state save,
    /// journal line or evidence) go into each, so a restore puts back what Pace wrote, not what was there when the agent started.
    /// </summary>
    private readonly List<Dictionary<string, byte[]>> _live = [];

    public OwnFiles CaptureOwnFiles()
    {
        lock (_gate)
        {
            var files = OwnFilePaths().ToDictionary(path => RelativeName(path), File.ReadAllBytes, StringComparer.Ordinal);
            _live.Add(files);
            return new OwnFiles(files);
        }
    }

    public IReadOnlyList<string> RestoreOwnFiles(OwnFiles captured)
    {
        ArgumentNullException.ThrowIfNull(captured);
        lock (_gate)
        {
            _live.RemoveAll(files => ReferenceEquals(files, captured.Files));
            return Restore(captured);
        }
    }

    /// <summary>Pace itself wrote <paramref name="path"/> (the whole file, or <paramref name="appended"/> at its end): the live captures take it.</summary>
    private void Wrote(string path, byte[]? appended = null)
    {
        if (_live.Count == 0)
        {
            return;
        }

        var name = RelativeName(path);
        var bytes = appended is null ? File.ReadAllBytes(path) : null;
        foreach (var files in _live)
        {
            files[name] = bytes ?? [.. files.GetValueOrDefault(name) ?? [], .. appended!];
        }
    }

    private List<string> Restore(OwnFiles captured)
    {
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in OwnFilePaths())
        {
            var name = RelativeName(path);
            if (!captured.Files.ContainsKey(name))
            {
                File.Delete(path);
                changed.Add(name);
            }
        }

        foreach (var (name, bytes) in captured.Files)
        {
            var path = Path.Combine(Path.GetDirectoryName(_folder)!, name);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                AtomicFile.WriteVerbatim(path, bytes);
                changed.Add(name);
            }
        }

        return [.. changed];
    }

    /// <summary>The lock, everything under run/, and each session's evidence.json.</summary>
    private IEnumerable<string> OwnFilePaths()
    {
        var lockPath = Path.Combine(_folder, "lock");
        if (File.Exists(lockPath))
        {
            yield return lockPath;
        }

        var run = Path.Combine(_folder, "run");
        if (Directory.Exists(run))
        {
            foreach (var file in Directory.EnumerateFiles(run, "*", SearchOption.AllDirectories))
            {
                yield return file;
            }
        }

        var sessions = Path.Combine(_folder, "sessions");
        if (Directory.Exists(sessions))
        {
            foreach (var folder in Directory.EnumerateDirectories(sessions))
            {
                var evidence = Path.Combine(folder, "evidence.json");
                if (File.Exists(evidence))
                {
                    yield return evidence;
                }
            }
        }
    }

    private string RelativeName(string path) =>
        Path.GetRelativePath(Path.GetDirectoryName(_folder)!, path).Replace('\\', '/');
}
