using Pace.Adapters.Storage;
using Pace.Core.Ports;

namespace Pace.Adapters.Loop;

public sealed partial class FileRunStore
{
    public OwnFiles CaptureOwnFiles() =>
        new(OwnFilePaths().ToDictionary(path => RelativeName(path), File.ReadAllBytes, StringComparer.Ordinal));

    public IReadOnlyList<string> RestoreOwnFiles(OwnFiles captured)
    {
        ArgumentNullException.ThrowIfNull(captured);
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
