namespace Pace.Core.Ports;

/// <summary>Files of the project's working tree that Pace itself reads and writes (the feature list, progress.txt).</summary>
public interface IProjectFiles
{
    string Root { get; }

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    byte[]? Read(string relativePath);

    bool Exists(string relativePath);

    /// <summary>Replaces the file atomically (temp + rename), keeping a .bak when asked.</summary>
    void Write(string relativePath, byte[] content, bool keepBackup = false);
}
