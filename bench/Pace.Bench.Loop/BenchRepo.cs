using System.Text;
using Pace.Adapters.Processes;

namespace Pace.Bench.Loop;

/// <summary>A temporary git repository with generated files, a feature list of failing features and a pace.json.</summary>
internal sealed class BenchRepo : IDisposable
{
    public BenchRepo(string name)
    {
        Root = Directory.CreateTempSubdirectory($"pace-bench-{name}-").FullName;
        Folder = Path.Combine(Root, "repo");
        Directory.CreateDirectory(Folder);
    }

    public string Root { get; }

    public string Folder { get; }

    /// <summary>Isolated git settings and a fixed identity for every git process of the benchmark.</summary>
    public static IReadOnlyDictionary<string, string?> GitEnvironment { get; } = new Dictionary<string, string?>
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Pace Bench",
        ["GIT_AUTHOR_EMAIL"] = "bench@pace.invalid",
        ["GIT_COMMITTER_NAME"] = "Pace Bench",
        ["GIT_COMMITTER_EMAIL"] = "bench@pace.invalid",
    };

    /// <summary>COUNT files of about 3 KB in 50 folders, different text in each.</summary>
    public void Generate(int count)
    {
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            while (text.Length < 3000)
            {
                text.Append("line ").Append(i).Append(' ').Append(random.Next()).Append(" lorem ipsum dolor sit amet\n");
            }

            Write($"src/module{i % 50:D2}/file{i:D4}.txt", text.ToString());
        }
    }

    public void FeatureList(int count)
    {
        var features = string.Join(",\n", Enumerable.Range(1, count).Select(i =>
            $$"""    { "id": "F{{i:D3}}", "category": "core", "description": "Feature number {{i}}", "priority": "high", "steps": ["it works"], "passes": false }"""));
        Write("feature_list.json", $$"""
            {
              "features": [
            {{features}}
              ],
              "metadata": { "project_name": "bench", "total_features": {{count}}, "passing": 0, "failing": {{count}}, "last_updated": "2026-01-01T00:00:00.000Z" }
            }

            """);
    }

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>git init, Pace's files excluded as `pace run` does, everything committed.</summary>
    public async Task CommitAllAsync()
    {
        await GitAsync("init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(Folder, ".git", "info", "exclude"), "/.pace/\n/feature_list.json.bak\n");
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "-m", "Generated project");
    }

    public async Task<string> GitAsync(params string[] args)
    {
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(new ProcessSpec("git", args, Folder) { Environment = GitEnvironment });
        return result.ExitCode == 0 ? stdout : throw new InvalidOperationException($"git {string.Join(' ', args)}: {stderr}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
