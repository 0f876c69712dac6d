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
        string? id = null;
        var idAt = open;
        string? category = null;
        string? description = null;
        Priority? priority = null;
        List<string> steps = [];
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
                    id = Text(ref reader);
                    idAt = at;
                    if (id is null)
                    {
                        Fail(at, $"\"id\" {NotUnicode}", name);
                    }
                    else if (id.Trim().Length == 0)
                    {
                        Fail(at, "\"id\" is empty", name);
                    }

                    break;
                case Field.Category when type == JsonTokenType.String:
                    category = Text(ref reader);
                    if (category is null)
                    {
                        Fail(at, $"\"category\" {NotUnicode}", name);
                    }

                    break;
                case Field.Description when type == JsonTokenType.String:
                    description = Text(ref reader);
                    if (description is null)
                    {
                        Fail(at, $"\"description\" {NotUnicode}", name);
                    }
                    else if (description.Trim().Length == 0)
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
                    steps = ReadSteps(ref reader, index, id);
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

        if ((seen & Field.Steps) == 0 || steps.Count == 0)
        {
            Warning(open, $"{Where(index, id)} has no verification steps", id, "steps");
        }

        if (!valid)
        {
            return;
        }

        var featureId = plain ? FeatureId.FromPosition(index) : new FeatureId(id!);
        _features.Add(new Feature(featureId, index, category!, description!, priority, steps, passes!.Value));
        _passes.Add(passesSpan);
        _idOffsets.Add(idAt);

        void Fail(int offset, string message, string field)
        {
            valid = false;
            Error(offset, $"{Where(index, id)}: {message}", id, field);
        }
    }

    private List<string> ReadSteps(ref Utf8JsonReader reader, int index, string? id)
    {
        var steps = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && Text(ref reader) is { } step)
            {
                steps.Add(step);
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                Error(Start(ref reader), $"{Where(index, id)}: a step {NotUnicode}", id, "steps");
            }
            else
            {
                Error(Start(ref reader), $"{Where(index, id)}: \"steps\" must hold only strings; found {Describe(reader.TokenType)}", id, "steps");
                reader.Skip();
            }
        }

        return steps;
    }

    private void CheckDuplicateIds()
    {
        var first = new Dictionary<string, int>(_features.Count, StringComparer.Ordinal);
        for (var i = 0; i < _features.Count; i++)
        {
            var id = _features[i].Id.Value;
            if (first.TryAdd(id, i))
            {
                continue;
            }

            var earlier = At(_idOffsets[first[id]]);
            Error(_idOffsets[i], $"duplicate id \"{id}\" (first used at line {earlier.Line}, column {earlier.Column})", id, "id");
        }
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
