using System.Text;
using System.Text.Json;
using Pace.Core.Diagnostics;
using Pace.Core.Text;

namespace Pace.Core.Features;

public sealed record FeatureListParseResult(FeatureList? List, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => List is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);
}

/// <summary>
/// Reads both feature-list formats from UTF-8 bytes in one forward pass, collecting every problem
/// it can find (a syntax error stops the pass; a wrong value does not) and the places Pace edits.
/// </summary>
public sealed partial class FeatureListParser
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly string _path;
    private readonly ReadOnlyMemory<byte> _source;
    private readonly int _base;
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<FeatureEntry> _entries = [];
    private readonly Dictionary<int, string> _escapedIds = [];
    private readonly Dictionary<int, string> _escapedCategories = [];
    private readonly List<IdPlace> _idsOfInvalid = [];
    private readonly Dictionary<string, ValueSpan> _metadataValues = new(StringComparer.Ordinal);
    // The ids of every depends_on in one list, and each valid feature's run of them: few objects per feature.
    private readonly List<IdPlace> _dependsOnIds = [];
    private readonly List<(int Entry, int Start, int Count)> _dependsOn = [];
    private int[]? _idTable;
    private int _featureCount;
    private IReadOnlyDictionary<int, int[]>? _dependencies;
    private FeatureListFormat _format;
    private ObjectLayout? _root;
    private ObjectLayout? _metadata;
    private string? _projectName;
    private TextLocator? _locator;

    private FeatureListParser(string path, ReadOnlyMemory<byte> source)
    {
        _path = path;
        _source = source;
        _base = source.Span.StartsWith(Bom) ? Bom.Length : 0;
    }

    public static FeatureListParseResult Parse(string path, byte[] utf8) => Parse(path, utf8.AsMemory());

    /// <summary>
    /// Parses bytes that must stay unchanged while the list is in use: the features' texts are
    /// decoded from them when first read.
    /// </summary>
    public static FeatureListParseResult Parse(string path, ReadOnlyMemory<byte> utf8)
    {
        var parser = new FeatureListParser(path, utf8);
        return parser.Run();
    }

    private FeatureListParseResult Run()
    {
        if (!CheckUtf8())
        {
            return new FeatureListParseResult(null, _diagnostics);
        }

        try
        {
            var reader = new Utf8JsonReader(_source.Span[_base..], new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                Error(0, "the file holds no JSON value");
            }
            else
            {
                ReadRoot(ref reader);
                // Reading past the root makes the reader reject anything after it.
                while (reader.Read())
                {
                }
            }
        }
        catch (JsonException e)
        {
            _diagnostics.Add(JsonProblem.Error(_path, _source.Span[_base..], e));
            return new FeatureListParseResult(null, _diagnostics);
        }

        CheckDuplicateIds();
        // Only when every feature was read with its id, and no id repeats: a dependency on a feature
        // with a wrong field is not unknown, and a repeated id names no one feature.
        if (_dependsOn.Count > 0 && _entries.Count == _featureCount && (_format == FeatureListFormat.PlainArray || _idTable is not null))
        {
            CheckDependencies();
        }

        if (_diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return new FeatureListParseResult(null, _diagnostics);
        }

        var layout = new FeatureListLayout(_root, _metadata, _metadataValues, Utf8Splice.NewLine(_source.Span));
        var list = new FeatureList(_path, _format, [.. _entries], _escapedIds, _escapedCategories, _projectName, _diagnostics, _source, layout)
        {
            Dependencies = _dependencies,
        };
        return new FeatureListParseResult(list, _diagnostics);
    }

    private void ReadRoot(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                _format = FeatureListFormat.PlainArray;
                ReadFeatureArray(ref reader);
                break;
            case JsonTokenType.StartObject:
                _format = FeatureListFormat.PaceObject;
                ReadRootObject(ref reader);
                break;
            default:
                Error(Start(ref reader), $"expected an object with a \"features\" array, or an array of features; found {Describe(reader.TokenType)}");
                reader.Skip();
                break;
        }
    }

    private void ReadRootObject(ref Utf8JsonReader reader)
    {
        var open = Start(ref reader);
        var lastValueEnd = -1;
        int? firstMember = null;
        var sawFeatures = false;
        var sawMetadata = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            firstMember ??= Start(ref reader);
            var nameAt = Start(ref reader);
            if (KeyIs(ref reader, "features"u8))
            {
                reader.Read();
                if (sawFeatures)
                {
                    Error(nameAt, "duplicate key \"features\"");
                }

                sawFeatures = true;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadFeatureArray(ref reader);
                }
                else
                {
                    Error(Start(ref reader), $"\"features\" must be an array; found {Describe(reader.TokenType)}");
                    reader.Skip();
                }
            }
            else if (KeyIs(ref reader, "metadata"u8))
            {
                reader.Read();
                if (sawMetadata)
                {
                    Error(nameAt, "duplicate key \"metadata\"");
                }

                sawMetadata = true;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMetadata(ref reader);
                }
                else
                {
                    Error(Start(ref reader), $"\"metadata\" must be an object; found {Describe(reader.TokenType)}");
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            lastValueEnd = End(ref reader);
        }

        var close = Start(ref reader);
        if (!sawFeatures)
        {
            Error(open, "missing the \"features\" array");
        }

        _root = Layout(open, close, lastValueEnd, firstMember);
    }

    private void ReadMetadata(ref Utf8JsonReader reader)
    {
        var open = Start(ref reader);
        var lastValueEnd = -1;
        int? firstMember = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            firstMember ??= Start(ref reader);
            // A name that is not valid Unicode is none of Pace's keys: an unknown field, kept as it is.
            var name = Text(ref reader);
            reader.Read();
            var valueStart = Start(ref reader);
            if (name == "project_name" && reader.TokenType == JsonTokenType.String)
            {
                _projectName = Text(ref reader) ?? NotUnicodeValue(valueStart, "project_name");
            }

            reader.Skip();
            lastValueEnd = End(ref reader);
            if (name is "total_features" or "passing" or "failing" or "last_updated")
            {
                // A repeated key: the last one is what JSON readers see, so it is the one to edit.
                _metadataValues[name] = new ValueSpan(valueStart, lastValueEnd - valueStart);
            }
        }

        _metadata = Layout(open, Start(ref reader), lastValueEnd, firstMember);
    }

    private void ReadFeatureArray(ref Utf8JsonReader reader)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadFeature(ref reader, index);
            }
            else
            {
                Error(Start(ref reader), $"{Where(index, null)} must be an object; found {Describe(reader.TokenType)}");
                reader.Skip();
            }

            index++;
        }

        _featureCount = index;
    }

    private string? NotUnicodeValue(int offset, string field)
    {
        Error(offset, $"\"{field}\" {NotUnicode}", field: field);
        return null;
    }

    private int Start(ref Utf8JsonReader reader) => _base + (int)reader.TokenStartIndex;

    private int End(ref Utf8JsonReader reader) => _base + (int)reader.BytesConsumed;

    private ObjectLayout Layout(int open, int close, int lastValueEnd, int? firstMember)
    {
        var memberIndent = firstMember is { } first ? IndentBefore(first) : null;
        return new ObjectLayout(open, close, lastValueEnd, memberIndent, IndentBefore(close));
    }

    /// <summary>The whitespace between the previous line break and a token; null when the token does not start a line.</summary>
    private string? IndentBefore(int offset)
    {
        var i = offset;
        var source = _source.Span;
        while (i > _base && source[i - 1] is (byte)' ' or (byte)'\t')
        {
            i--;
        }

        return i > _base && source[i - 1] == (byte)'\n' ? Encoding.UTF8.GetString(source[i..offset]) : null;
    }

    private void Error(int offset, string message, string? subject = null, string? field = null) =>
        _diagnostics.Add(Diagnostic.Error(_path, At(offset), message) with { Subject = subject, Field = field });

    private void Warning(int offset, string message, string? subject = null, string? field = null) =>
        _diagnostics.Add(Diagnostic.Warning(_path, At(offset), message) with { Subject = subject, Field = field });

    /// <summary>Line and column of a byte offset in the file (offsets count from the file's first byte, BOM included).</summary>
    private TextPosition At(int offset) => (_locator ??= new TextLocator(_source[_base..])).Locate(offset - _base);

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => type.ToString(),
    };
}
