using System.Text.Json;
using Pace.Adapters.Agents;
using Pace.Adapters.Demo;
using Pace.Adapters.Forges.GitHub;
using Pace.Adapters.Processes;
using Pace.Adapters.Specs;
using Pace.Core.Config;
using Pace.Core.Diagnostics;
using Pace.Core.Ports;
using Pace.Core.Specs;

namespace Pace.Cli.Commands;

/// <summary>A spec located from the working folder: the repository, the project folder, the parsed spec and where its run lives.</summary>
internal sealed record SpecProject(string Root, string ProjectFolder, Spec Spec, SpecLayout Layout)
{
    public static Task<string> GitRootAsync(string folder, CancellationToken cancellationToken) =>
        GitExclude.RootAsync(folder, "spec runs work with branches and worktrees", cancellationToken);

    public static async Task<SpecProject> LocateAsync(CliContext context, string name, CancellationToken cancellationToken)
    {
        var root = await GitRootAsync(context.WorkingFolder, cancellationToken).ConfigureAwait(false);
        var project = SpecCatalog.ProjectFolder(context.WorkingFolder, root);
        var spec = SpecCatalog.Find(project, name);
        var layout = new SpecLayout(root, Relative(root, project), Relative(root, spec.Path), spec.Name, spec.Format);
        return new SpecProject(root, project, spec, layout);
    }

    public static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative == "." ? "" : relative;
    }

    /// <summary>
    /// The GitHub forge of a project whose pace.json chooses it (the token read here; an
    /// InputException when it or the repository is missing). <paramref name="log"/> also hears of rate-limit waits.
    /// </summary>
    public static async Task<IForge> GitHubForgeAsync(string root, GitHubSettings settings, HttpClient http, TimeProvider clock, IRepository repository, Action<string>? log, CancellationToken cancellationToken) =>
        new GitHubSpecForge(
            await GitHubForge.CreateAsync(root, settings, http, clock, cancellationToken, notices: log).ConfigureAwait(false),
            repository,
            root,
            log);

    /// <summary>An agent of pace.json (a relative command resolved from the project folder, not from each task's worktree), or the demo's scripted one.</summary>
    public IAgent CreateAgent(PaceConfig config, string name) => CreateAgent(config, name, ProjectFolder);

    /// <summary>A spec run's agent of pace.json's <paramref name="name"/> for the project in <paramref name="projectFolder"/> ("demo": the bundled example's), here or on a fleet's worker.</summary>
    public static IAgent CreateAgent(PaceConfig config, string name, string projectFolder) =>
        name == "demo" ? new DemoSpecAgent() : AgentFactory.Create(config.ResolveAgent(name), projectFolder);

    /// <summary>pace.spec.maxParallel, else the v3 file's execution_strategy.max_concurrent_workers, else 2.</summary>
    public int MaxParallel(SpecSettings settings)
    {
        if (settings.MaxParallel is { } configured)
        {
            return configured;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(Spec.Path));
        return document.RootElement.TryGetProperty("execution_strategy", out var strategy) && strategy.ValueKind == JsonValueKind.Object
            && strategy.TryGetProperty("max_concurrent_workers", out var workers) && workers.TryGetInt32(out var n) && n >= 1
            ? n
            : 2;
    }
}
