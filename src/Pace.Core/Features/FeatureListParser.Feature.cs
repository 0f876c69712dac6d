using System.Buffers.Binary;
using System.Numerics;
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
        var categoryAt = open;
        var categoryLength = -1;
        string? escapedCategory = null;
        Priority? priority = null;
        var stepCount = 0;
        bool? passes = null;
        var passesSpan = default(ValueSpan);
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
                    if (Priorities.TryParse(reader.ValueSpan, out var p) && !reader.ValueIsEscaped)
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
                case Field.Passes when type is JsonTokenType.True or JsonTokenType.False:
                    passes = type == JsonTokenType.True;
                    passesSpan = new ValueSpan(at, passes.Value ? 4 : 5);
                    break;
                default:
                    var expected = field switch
                    {
                        Field.Passes => "true or false",
                        Field.Steps => "an array of strings",
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

    /// <summary>An id's text as far as it is known: its escaped text, its bytes decoded, or null before its key.</summary>
    private string? IdText((int At, int Length, string? Escaped) place) =>
        place.Escaped ?? (place.Length >= 0 ? Encoding.UTF8.GetString(_source.Span.Slice(place.At + 1, place.Length)) : null);

    /// <summary>
    /// Reports every id used before, comparing ids as UTF-8 bytes (ordinal, as the seed's helpers do)
    /// in a table of entry numbers, so that no id has to become a string.
    /// </summary>
    private void CheckDuplicateIds()
    {
        if (_format == FeatureListFormat.PlainArray)
        {
            return;
        }

        var mask = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, _entries.Count * 2)) - 1;
        var slots = new int[mask + 1];
        for (var i = 0; i < _entries.Count; i++)
        {
            var id = IdBytes(i);
            var slot = Hash(id) & mask;
            while (slots[slot] != 0 && !IdBytes(slots[slot] - 1).SequenceEqual(id))
            {
                slot = (slot + 1) & mask;
            }

            if (slots[slot] == 0)
            {
                slots[slot] = i + 1;
                continue;
            }

            var text = IdText((_entries[i].IdAt, _entries[i].IdLength, _escapedIds.GetValueOrDefault(i)))!;
            var earlier = At(_entries[slots[slot] - 1].IdAt);
            Error(_entries[i].IdAt, $"duplicate id \"{text}\" (first used at line {earlier.Line}, column {earlier.Column})", text, "id");
        }
    }

    /// <summary>FNV-1a over 8 bytes at a time: ids are short, and a list is no adversary of its own reader.</summary>
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong prime = 1099511628211;
        var hash = 14695981039346656037;
        for (; bytes.Length >= 8; bytes = bytes[8..])
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * prime;
            hash ^= hash >> 29;
        }

        foreach (var b in bytes)
        {
            hash = (hash ^ b) * prime;
        }

        return (int)(hash ^ (hash >> 32));
    }

        private ReadOnlySpan<byte> IdBytes(int entry) => _entries[entry].IdLength >= 0
        ? _source.Span.Slice(_entries[entry].IdAt + 1, _entries[entry].IdLength)
        : Encoding.UTF8.GetBytes(_escapedIds[entry]);

    private static Field KnownField(ref Utf8JsonReader reader, bool plain)
    {
        // In the plain format ids and priorities are not the user's: position is both.
        if (!plain && KeyIs(ref reader, "id"u8)) return Field.Id;
        if (!plain && KeyIs(ref reader, "priority"u8)) return Field.Priority;
        if (KeyIs(ref reader, "category"u8)) return Field.Category;
        if (KeyIs(ref reader, "description"u8)) return Field.Description;
        if (KeyIs(ref reader, "steps"u8)) return Field.Steps;
        if (KeyIs(ref reader, "passes"u8)) return Field.Passes;
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
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private string Where(int index, string? id)
    {
        var arrayName = _format == FeatureListFormat.PlainArray ? $"[{index}]" : $"features[{index}]";
        return id is null ? arrayName : $"{arrayName} (\"{id}\")";
    }
}
