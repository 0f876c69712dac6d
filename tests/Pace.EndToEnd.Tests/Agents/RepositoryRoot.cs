namespace Pace.EndToEnd.Tests.Agents;

internal static class RepositoryRoot
{
    /// <summary>The folder holding Pace.slnx, found upwards from the test executable.</summary>
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Pace.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Pace.slnx above {AppContext.BaseDirectory}");
    }
}
