using Pace.Adapters.Git;
using Pace.Adapters.Security;
using Pace.Adapters.Storage;
using Pace.Core.Security;

namespace Pace.Adapters.Doctor;

/// <summary>
/// Secrets in Pace's own records: files under .pace/ and progress.txt written before Pace redacted
/// them (an older Pace, a record edited by hand). Each such file is a problem that --fix redacts in
/// place; a secret already committed in progress.txt is a note with how to take it out of history.
/// </summary>
public sealed class SecretDoctor : IDoctorSection
{
    private const string Area = "secrets";

    /// <summary>Bigger files are transcripts of very long sessions; read all the same, one at a time.</summary>
    private readonly string _root;
    private readonly IReadOnlyList<string> _progressFiles;
    private readonly GitCli _git;

    /// <param name="progressFiles">progress.txt files relative to <paramref name="root"/> (the loop's, beside its feature list).</param>
    public SecretDoctor(string root, IReadOnlyList<string> progressFiles)
    {
        _root = root;
        _progressFiles = progressFiles;
        _git = new GitCli(root, null);
    }

    public async Task<IReadOnlyList<DoctorFinding>> ExamineAsync(CancellationToken cancellationToken)
    {
        var redactor = Secrets.Current;
        var findings = new List<DoctorFinding>();
        foreach (var file in Records())
        {
            var relative = Path.GetRelativePath(_root, file).Replace('\\', '/');
            if (Kinds(File.ReadAllText(file), redactor) is { Count: > 0 } kinds)
            {
                findings.Add(new DoctorFinding(Area, relative, FindingKind.Problem, $"holds {string.Join(", ", kinds)}", "pace doctor --fix redacts it in place")
                {
                    Repair = _ => Task.FromResult(Redact(file, relative)),
                });
            }
        }

        foreach (var progress in _progressFiles)
        {
            if (await FirstCommitWithSecretAsync(progress, redactor, cancellationToken).ConfigureAwait(false) is { } commit)
            {
                findings.Add(new DoctorFinding(
                    Area,
                    progress + " in git history",
                    FindingKind.Note,
                    $"commit {commit[..Math.Min(12, commit.Length)]} and perhaps later ones added a secret to {progress}",
                    $"rotate the secret; to take it out of history, rewrite it (e.g. `git filter-repo --replace-text FILE` with the value, or BFG) and force-push every branch that holds it"));
            }
        }

        if (findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok(Area, "records", "no secret in .pace/ or progress.txt"));
        }

        return findings;
    }

    /// <summary>The text files Pace wrote: everything under .pace/ (the forge's git data aside), and each progress.txt.</summary>
    private IEnumerable<string> Records()
    {
        var pace = Path.Combine(_root, ".pace");
        var files = Directory.Exists(pace)
            ? Directory.EnumerateFiles(pace, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            : [];
        return files.Concat(_progressFiles.Select(p => Path.Combine(_root, p)).Where(File.Exists)).Order(StringComparer.Ordinal);
    }

    private static List<string> Kinds(string text, Redactor redactor) =>
        text.Split('\n').Select(redactor.Find).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    private static string Redact(string file, string relative)
    {
        // The atomic writer passes the redactor: the file is replaced by its redacted text, never half-written.
        AtomicFile.Write(file, File.ReadAllBytes(file));
        return $"redacted the secrets in {relative}";
    }

    private async Task<string?> FirstCommitWithSecretAsync(string progress, Redactor redactor, CancellationToken cancellationToken)
    {
        var log = await _git.TryAsync(["log", "--all", "--reverse", "--format=commit %H", "-p", "-U0", "--no-color", "--", progress], cancellationToken).ConfigureAwait(false);
        if (log.ExitCode != 0)
        {
            return null;
        }

        string? commit = null;
        foreach (var line in log.Stdout.Split('\n'))
        {
            if (line.StartsWith("commit ", StringComparison.Ordinal))
            {
                commit = line[7..];
            }
            else if (line.StartsWith('+') && !line.StartsWith("+++", StringComparison.Ordinal) && redactor.Finds(line))
            {
                return commit;
            }
        }

        return null;
    }
}
