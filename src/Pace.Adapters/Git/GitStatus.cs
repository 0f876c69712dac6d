namespace Pace.Adapters.Git;

/// <summary>
/// One reading of <c>git status --porcelain=v2 -z --branch</c>: HEAD's commit (null on an unborn
/// branch), the branch (null on a detached HEAD), whether any path was listed at all, and the paths
/// that differ between HEAD and the working tree when the status alone tells them exactly (null
/// otherwise: a path both staged and changed again, a conflict, a submodule, a nested repository).
/// </summary>
internal sealed record GitStatus(string? Head, string? Branch, bool Listed, IReadOnlyList<string>? ChangedSinceHead)
{
    /// <summary>Every untracked file one by one, no rename pairing: each changed path is listed as itself.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
        ["status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all", "--no-renames", "--ignore-submodules=none"];

    private const string NoMode = "000000";

    public static GitStatus Parse(string stdout)
    {
        string? head = null;
        string? branch = null;
        var listed = false;
        var changed = new List<string>();
        var exact = true;
        // Every record ends in NUL; a newline after the last one is the line reader's, not git's.
        var text = stdout.EndsWith('\n') ? stdout[..^1] : stdout;
        foreach (var record in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (record.StartsWith("# ", StringComparison.Ordinal))
            {
                ReadHeader(record, ref head, ref branch);
                continue;
            }

            listed = true;
            if (exact && ChangedPath(record) is { } path)
            {
                changed.Add(path);
            }
            else
            {
                exact = false;
            }
        }

        return new GitStatus(head, branch, listed, exact ? changed : null);
    }

    private static void ReadHeader(string record, ref string? head, ref string? branch)
    {
        const string Oid = "# branch.oid ";
        const string Head = "# branch.head ";
        if (record.StartsWith(Oid, StringComparison.Ordinal))
        {
            var value = record[Oid.Length..];
            head = value == "(initial)" ? null : value;
        }
        else if (record.StartsWith(Head, StringComparison.Ordinal))
        {
            var value = record[Head.Length..];
            branch = value == "(detached)" ? null : value;
        }
    }

    /// <summary>The path of an entry that certainly differs from HEAD; null when the entry cannot say.</summary>
    private static string? ChangedPath(string record)
    {
        if (record.StartsWith("? ", StringComparison.Ordinal))
        {
            // A path ending in '/' is a nested repository, which `add --all` treats in its own way.
            var untracked = record[2..];
            return untracked.EndsWith('/') ? null : untracked;
        }

        // 1 XY sub mH mI mW hH hI path
        var fields = record.Split(' ', 9);
        if (fields is not ["1", { Length: 2 } xy, "N...", var modeHead, _, _, _, _, var path])
        {
            return null;
        }

        var (staged, unstaged) = (xy[0], xy[1]);
        // Only changed in the working tree, index as HEAD: the working tree differs from HEAD.
        if (staged == '.' && unstaged is 'M' or 'T' or 'D' && modeHead != NoMode)
        {
            return path;
        }

        // Only staged, working tree as the index: the working tree differs from HEAD as the index does.
        return unstaged == '.' && staged is 'M' or 'T' or 'A' ? path : null;
    }
}
