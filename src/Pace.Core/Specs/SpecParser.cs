using System.Text.Json;
using Pace.Core.Diagnostics;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

/// <summary>
/// Reads a spec from UTF-8 bytes: Pace's native format or execute-spec tasks.json v3/v4, told
/// apart by the root's <c>version</c> key (absent: native; "3.x": v3; "4.x": v4). Collects every
/// problem it can find, each with file, line and column; a spec comes back only when there is no
/// error. No IO: the path is only used in messages and kept on the result.
/// </summary>
public sealed partial class SpecParser
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly string _path;
    private readonly byte[] _source;
    private readonly int _base;
    private readonly List<Diagnostic> _diagnostics = [];

    private SpecParser(string path, byte[] source)
    {
        _path = path;
        _source = source;
        _base = source.AsSpan().StartsWith(Bom) ? Bom.Length : 0;
    }

    public static SpecParseResult Parse(string path, byte[] utf8) => new SpecParser(path, utf8).Run();

    private SpecParseResult Run()
    {
        JNode root;
        try
        {
            root = JsonTree.Build(_source, _base);
        }
        catch (JsonException e)
        {
            _diagnostics.Add(JsonProblem.Error(_path, _source.AsSpan(_base), e));
            return new SpecParseResult(null, _diagnostics);
        }

        if (root is not JObject obj)
        {
            Error(root, $"a spec is a JSON object; found {JsonTree.Describe(root)}");
            return new SpecParseResult(null, _diagnostics);
        }

        var spec = obj["version"] switch
        {
            null => ReadNative(obj),
            JString { Value: var v } when v == "3" || v.StartsWith("3.", StringComparison.Ordinal) => ReadExecuteSpec(obj, SpecFormat.ExecuteSpecV3),
            JString { Value: var v } when v == "4" || v.StartsWith("4.", StringComparison.Ordinal) => ReadExecuteSpec(obj, SpecFormat.ExecuteSpecV4),
            var other => Unsupported(other),
        };
        return new SpecParseResult(HasErrors ? null : spec, _diagnostics);
    }

    private Spec? Unsupported(JNode version)
    {
        var found = version is JString s ? $"\"{s.Value}\"" : JsonTree.Describe(version);
        Error(version, $"unsupported tasks.json version {found}; Pace reads \"3.x\" and \"4.x\" (and its own format, which has no \"version\")");
        return null;
    }

    private bool HasErrors => _diagnostics.Any(d => d.Severity == Severity.Error);

    private TextPosition At(int offset) => TextPosition.FromByteOffset(_source.AsSpan(_base), offset - _base);

    private void Error(JNode node, string message, string? subject = null, string? field = null) =>
        Error(node.Start, message, subject, field);

    private void Error(int offset, string message, string? subject = null, string? field = null) =>
        _diagnostics.Add(Diagnostic.Error(_path, At(offset), message) with { Subject = subject, Field = field });

    private void Warning(int offset, string message, string? subject = null, string? field = null) =>
        _diagnostics.Add(Diagnostic.Warning(_path, At(offset), message) with { Subject = subject, Field = field });
}
