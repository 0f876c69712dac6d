namespace Pace.Core.Diagnostics;

/// <summary>
/// The kind of JSON value a .NET type is read from, in words: the serializer names the type it could
/// not fill ("System.Nullable`1[System.Int32]"), the user wrote JSON.
/// </summary>
internal static class JsonTypeWords
{
    public static string Of(string typeName)
    {
        var type = typeName.StartsWith("System.Nullable`1[", StringComparison.Ordinal) ? typeName["System.Nullable`1[".Length..].TrimEnd(']') : typeName;
        return type switch
        {
            "System.String" => "text in double quotes",
            "System.Boolean" => "true or false",
            "System.Byte" or "System.SByte" or "System.Int16" or "System.UInt16" or "System.Int32" or "System.UInt32"
                or "System.Int64" or "System.UInt64" => "a whole number",
            "System.Single" or "System.Double" or "System.Decimal" => "a number",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time as text (ISO 8601, such as \"2026-05-06T07:08:09Z\")",
            "System.TimeSpan" => "a duration as text (such as \"00:02:00\")",
            "System.Guid" => "a GUID as text",
            _ when type.Contains("Dictionary`", StringComparison.Ordinal) => "an object",
            _ when type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("List`", StringComparison.Ordinal)
                || type.Contains("Enumerable`", StringComparison.Ordinal) || type.Contains("Collection`", StringComparison.Ordinal)
                || type.Contains("Set`", StringComparison.Ordinal) => "an array",
            // A record or an enum of Pace's: its short name is the best word there is.
            _ => $"a valid {type[(type.LastIndexOfAny(['.', '+']) + 1)..]}",
        };
    }
}
