namespace Pace.Core.Ports;

/// <summary>Files of the project's working tree that Pace itself reads and writes (the feature list, progress.txt).</summary>
public interface IProjectFiles
{
    string Root { get; }

    /// <summary>The file's bytes, or null when it does not exist.</summary>
    byte[]? Read(string relativePath);

    bool Exists(string relativePath);

    /// <summary>
    /// Replaces the file atomically (temp + rename), keeping a .bak when asked. Pace's own text
    /// (progress.txt) passes the redactor on the way; <paramref name="verbatim"/> writes the user's
    /// file (the feature list) exactly as given.
    /// </summary>
    void Write(string relativePath, byte[] content, bool keepBackup = false, bool verbatim = false);
}
