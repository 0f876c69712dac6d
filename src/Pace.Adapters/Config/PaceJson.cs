using System.Text.Json;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Config;

/// <summary>
/// How every reader of pace.json opens it: comments and trailing commas allowed (the seed's own file
/// has them), and a syntax error reported with its file, line and column.
/// </summary>
public static class PaceJson
{
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static JsonDocument Parse(string path, byte[] utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            var diagnostic = JsonProblem.Error(path, utf8, e);
            throw new InputException($"{path}: cannot be read; nothing was changed", [diagnostic]);
        }
    }
}
