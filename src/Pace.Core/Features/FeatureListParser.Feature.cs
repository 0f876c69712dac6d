using System.Text;
using System.Text.Json;

namespace Pace.Core.Features;

public sealed partial class FeatureListParser
{
    [Flags]
    private enum Field
    {
        None = 0,
        Id = 1,
        Category = 2,
        Description = 4,
        Priority = 8,
        Steps = 16,
        Passes = 32,
        Verify = 64,
        DependsOn = 128,
    }

    private void ReadFeature(ref Utf8JsonReader reader, int index)
    {
        var open = Start(ref reader);
        var seen = Field.None;
        var valid = true;
        // The id is decoded only for a message, or when it holds escapes (see FeatureEntry).
        var idAt = open;
        var idLength = -1;
        string? escapedId = null;
        var idUsable = false;
        var categoryAt = open;
        var categoryLength = -1;
        string? escapedCategory = null;
        Priority? priority = null;
        var stepCount = 0;
        bool? passes = null;
        var passesSpan = default(ValueSpan);
        (int Start, int Count) dependsOn = default;
        var plain = _format == FeatureListFormat.PlainArray;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = KnownField(ref reader, plain);
            var nameAt = Start(ref reader);
            reader.Read();
            var at = Start(ref reader);
            if (field == Field.None)
            {
                reader.Skip();
                continue;
            }

            var name = FieldName(field);
            if ((seen & field) != 0)
            {
                Fail(nameAt, $"duplicate key \"{name}\"", name);
                reader.Skip();
                continue;
            }

            seen |= field;
            var type = reader.TokenType;
            switch (field)
            {
                case Field.Id when type == JsonTokenType.String:
                    idAt = at;
                    idLength = reader.ValueIsEscaped ? -1 : reader.ValueSpan.Length;
                    escapedId = reader.ValueIsEscaped ? Text(ref reader) : null;
                    if (idLength < 0 && escapedId is null)
                    {
                        Fail(at, $"\"id\" {NotUnicode}", name);
                    }
                    else if (IsBlank(ref reader))
                    {
                        Fail(at, "\"id\" is empty", name);
                    }
                    else
                    {
                        idUsable = true;
                    }

                    break;
                case Field.Category when type == JsonTokenType.String:
                    categoryAt = at;
                    categoryLength = reader.ValueIsEscaped ? -1 : reader.ValueSpan.Length;
                    escapedCategory = reader.ValueIsEscaped ? Text(ref reader) : null;
                    if (categoryLength < 0 && escapedCategory is null)
                    {
                        Fail(at, $"\"category\" {NotUnicode}", name);
                    }

                    break;
                case Field.Description when type == JsonTokenType.String:
                    if (!IsUnicode(ref reader))
                    {
                        Fail(at, $"\"description\" {NotUnicode}", name);
                    }
                    else if (IsBlank(ref reader))
                    {
                        Fail(at, "\"description\" is empty", name);
                    }

                    break;
                case Field.Priority when type == JsonTokenType.String:
                    // An escaped name ("hig\u0068") is compared by its decoded text, as every JSON reader sees it.
                    var priorityBytes = reader.ValueIsEscaped ? (Text(ref reader) is { } text ? Encoding.UTF8.GetBytes(text) : []) : reader.ValueSpan;
                    if (Priorities.TryParse(priorityBytes, out var p))
                    {
                        priority = p;
                    }
                    else
                    {
                        Fail(at, $"\"priority\" must be one of critical, high, medium, low; found \"{Text(ref reader)}\"", name);
                    }

                    break;
                case Field.Steps when type == JsonTokenType.StartArray:
                    stepCount = CheckSteps(ref reader, index, (idAt, idLength, escapedId));
                    break;
                case Field.Verify when type is JsonTokenType.String or JsonTokenType.StartArray:
                    CheckVerify(ref reader, index, (idAt, idLength, escapedId));
                    break;
                case Field.DependsOn when type == JsonTokenType.StartArray:
                    dependsOn = ReadDependsOn(ref reader, index, (idAt, idLength, escapedId));
                    break;
                case Field.Passes when type is JsonTokenType.True or JsonTokenType.False:
                    passes = type == JsonTokenType.True;
                    passesSpan = new ValueSpan(at, passes.Value ? 4 : 5);
                    break;
                default:
                    var expected = field switch
                    {
                        Field.Passes => "true or false",
                        Field.Steps => "an array of strings",
                        Field.Verify => "a command or an array of commands",
                        Field.DependsOn => "an array of feature ids",
                        _ => "a string",
                    };
                    Fail(at, $"\"{name}\" must be {expected}; found {Describe(type)}", name);
                    reader.Skip();
                    break;
            }
        }

        var required = plain
            ? Field.Category | Field.Description | Field.Passes
            : Field.Id | Field.Category | Field.Description | Field.Priority | Field.Passes;
        foreach (var missing in new[] { Field.Id, Field.Category, Field.Description, Field.Priority, Field.Passes })
        {
            if ((required & missing) != 0 && (seen & missing) == 0)
            {
                Fail(open, $"missing required field \"{FieldName(missing)}\"", FieldName(missing));
            }
        }

        if ((seen & Field.Steps) == 0 || stepCount == 0)
        {
            var known = Id();
            Warning(open, $"{Where(index, known)} has no verification steps", known, "steps");
        }

        if (!valid)
        {
            // A feature with a wrong field may still repeat an id: that is a problem of its own, to be listed too.
            if (!plain && idUsable)
            {
                _idsOfInvalid.Add(new IdPlace(idAt, idLength, escapedId));
            }

            return;
        }

        // Keyed by the entry's place, which is the feature's index whenever the list is valid.
        if (!plain && escapedId is not null)
        {
            _escapedIds[_entries.Count] = escapedId;
        }

        if (escapedCategory is not null)
        {
            _escapedCategories[_entries.Count] = escapedCategory;
        }

        if (dependsOn.Count > 0)
        {
            _dependsOn.Add((_entries.Count, dependsOn.Start, dependsOn.Count));
        }

        _entries.Add(new FeatureEntry(open, idAt, idLength, categoryAt, categoryLength, passesSpan.Start, priority, passes!.Value));

        void Fail(int offset, string message, string field)
        {
            valid = false;
            var known = Id();
            Error(offset, $"{Where(index, known)}: {message}", known, field);
        }

        // The id as far as the object has been read: null before its key, or when it is not text.
        string? Id() => IdText((idAt, idLength, escapedId));
    }

    /// <summary>Checks a steps array; returns how many steps it holds.</summary>
    private int CheckSteps(ref Utf8JsonReader reader, int index, (int At, int Length, string? Escaped) idPlace)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && IsUnicode(ref reader))
            {
                count++;
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                var id = IdText(idPlace);
                Error(Start(ref reader), $"{Where(index, id)}: a step {NotUnicode}", id, "steps");
            }
            else
            {
                var id = IdText(idPlace);
                Error(Start(ref reader), $"{Where(index, id)}: \"steps\" must hold only strings; found {Describe(reader.TokenType)}", id, "steps");
                reader.Skip();
            }
        }

        return count;
    }

    /// <summary>Checks a feature's own acceptance commands: one command, or an array of them, none empty.</summary>
    private void CheckVerify(ref Utf8JsonReader reader, int index, (int At, int Length, string? Escaped) idPlace)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            CheckCommand(ref reader);
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                CheckCommand(ref reader);
            }
            else
            {
                var id = IdText(idPlace);
                Error(Start(ref reader), $"{Where(index, id)}: \"verify\" must hold only commands (strings); found {Describe(reader.TokenType)}", id, "verify");
                reader.Skip();
            }
        }

        void CheckCommand(ref Utf8JsonReader reader)
        {
            if (!IsUnicode(ref reader) || IsBlank(ref reader))
            {
                var id = IdText(idPlace);
                Error(Start(ref reader), $"{Where(index, id)}: a \"verify\" command is empty or not valid Unicode", id, "verify");
            }
        }
    }

    /// <summary>An id's text as far as it is known: its escaped text, its bytes decoded, or null before its key.</summary>
    private string? IdText((int At, int Length, string? Escaped) place) =>
        place.Escaped ?? (place.Length >= 0 ? Encoding.UTF8.GetString(_source.Span.Slice(place.At + 1, place.Length)) : null);

    /// <summary>Reports every id used before: the later use, and where the id was first used.</summary>
    private void CheckDuplicateIds()
    {
        if (_format == FeatureListFormat.PlainArray)
        {
            return;
        }

        // Usually every feature is valid, and the places are the entries' own; otherwise the ids of
        // features with other errors are merged in by place, so that "first used" is the first in the file.
        var places = _idsOfInvalid.Count == 0 ? null : MergedIdPlaces();
        Func<int, IdPlace> place = places is null ? EntryIdPlace : i => places[i];
        var duplicates = DuplicateIds.Find(_source.Span, places?.Count ?? _entries.Count, place, out var table);
        foreach (var (repeat, first) in duplicates)
        {
            var (at, length, escaped) = place(repeat);
            var text = IdText((at, length, escaped))!;
            var earlier = At(place(first).At);
            Error(at, $"duplicate id \"{text}\" (first used at line {earlier.Line}, column {earlier.Column})", text, "id");
        }

        _idTable = places is null && duplicates.Count == 0 ? table : null;
    }

    private IdPlace EntryIdPlace(int entry) =>
        new(_entries[entry].IdAt, _entries[entry].IdLength, _entries[entry].IdLength < 0 ? _escapedIds[entry] : null);

    private List<IdPlace> MergedIdPlaces()
    {
        var places = new List<IdPlace>(_entries.Count + _idsOfInvalid.Count);
        var next = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            while (next < _idsOfInvalid.Count && _idsOfInvalid[next].At < _entries[i].IdAt)
            {
                places.Add(_idsOfInvalid[next++]);
            }

            places.Add(EntryIdPlace(i));
        }

        places.AddRange(_idsOfInvalid.Skip(next));
        return places;
    }

    private static Field KnownField(ref Utf8JsonReader reader, bool plain)
    {
        // In the plain format ids and priorities are not the user's: position is both.
        if (!plain && KeyIs(ref reader, "id"u8)) return Field.Id;
        if (!plain && KeyIs(ref reader, "priority"u8)) return Field.Priority;
        if (KeyIs(ref reader, "category"u8)) return Field.Category;
        if (KeyIs(ref reader, "description"u8)) return Field.Description;
        if (KeyIs(ref reader, "steps"u8)) return Field.Steps;
        if (KeyIs(ref reader, "passes"u8)) return Field.Passes;
        if (KeyIs(ref reader, "verify"u8)) return Field.Verify;
        if (KeyIs(ref reader, "depends_on"u8)) return Field.DependsOn;
        return Field.None;
    }

    private static string FieldName(Field field) => field switch
    {
        Field.Id => "id",
        Field.Category => "category",
        Field.Description => "description",
        Field.Priority => "priority",
        Field.Steps => "steps",
        Field.Passes => "passes",
        Field.Verify => "verify",
        Field.DependsOn => "depends_on",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private string Where(int index, string? id)
    {
        var arrayName = _format == FeatureListFormat.PlainArray ? $"[{index}]" : $"features[{index}]";
        return id is null ? arrayName : $"{arrayName} (\"{id}\")";
    }
}
