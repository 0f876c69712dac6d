using Pace.Adapters.Forges;
using Pace.Adapters.Forges.GitHub;
using Pace.Adapters.Specs;
using Pace.Core.Config;

namespace Pace.Adapters.Config;

/// <summary>
/// Everything pace.json says, read once per command: the run settings every command uses
/// (<see cref="Config"/>), and the sections only spec runs use. The file is parsed and its
/// positions found once, then each section's reader takes its part; the first section with a
/// problem is reported with its file, line and column, whichever command reads the file.
/// </summary>
public sealed record PaceSettings(PaceConfig Config, SpecSettings Spec, string Forge, GitHubSettings GitHub)
{
    public static readonly PaceSettings Default = new(PaceConfig.Default, SpecSettings.Default, ForgeKind.Local, GitHubSettings.Default);

    /// <summary>The settings in <paramref name="folder"/>/pace.json, or the defaults when there is none.</summary>
    public static PaceSettings Load(string folder)
    {
        var path = Path.Combine(folder, PaceConfig.FileName);
        var settings = File.Exists(path) ? Parse(path, File.ReadAllBytes(path)) : Default;
        // The agents' keys, written into pace.json or given as ${NAME}, are secrets from now on.
        Security.Secrets.Learn(settings.Config.Agents.Values.SelectMany(Agents.AgentEnvironment.Expanded));
        return settings;
    }

    public static PaceSettings Parse(string path, byte[] utf8)
    {
        using var document = PaceJson.Parse(path, utf8);
        var positions = JsonPositions.Of(utf8, PaceJson.ReaderOptions);
        var root = document.RootElement;
        return new PaceSettings(
            PaceConfigReader.Read(path, root, positions),
            SpecSettings.Read(path, root, positions),
            ForgeKind.Read(path, root, positions),
            GitHubSettingsReader.Read(path, root, positions));
    }
}
