namespace Pace.Adapters.Tests.Verification;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("pace-verify-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process the test could not kill may still hold a file; the folder is temporary anyway.
        }
    }
}
