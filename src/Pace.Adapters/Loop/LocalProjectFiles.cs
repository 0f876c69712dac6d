using Pace.Adapters.Storage;
using Pace.Core.Ports;

namespace Pace.Adapters.Loop;

/// <summary>The project's files on the local disk, relative to the repository root.</summary>
public sealed class LocalProjectFiles : IProjectFiles
{
    public LocalProjectFiles(string root) => Root = root;

    public string Root { get; }

    public byte[]? Read(string relativePath)
    {
        var path = Full(relativePath);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public bool Exists(string relativePath) => File.Exists(Full(relativePath)) || Directory.Exists(Full(relativePath));

    public void Write(string relativePath, byte[] content, bool keepBackup = false, bool verbatim = false)
    {
        if (verbatim)
        {
            AtomicFile.WriteVerbatim(Full(relativePath), content, keepBackup);
        }
        else
        {
            AtomicFile.Write(Full(relativePath), content, keepBackup);
        }
    }

    private string Full(string relativePath) => Path.Combine(Root, relativePath);
}
