using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Pace.Core.Features;

/// <summary>Where an id's string token starts, its length in bytes (-1 when it holds escapes) and then its decoded text.</summary>
internal readonly record struct IdPlace(int At, int Length, string? Escaped);

/// <summary>
/// Finds every id used before, comparing ids as UTF-8 bytes (ordinal, as the seed's helpers do, and
/// decoded: an escaped id is the id it spells) in a table of place numbers, so that no id has to
/// become a string.
/// </summary>
internal static class DuplicateIds
{
    /// <summary>Pairs of place numbers: a repeated id, and the place where it was first used.</summary>
    public static List<(int Repeat, int First)> Find(ReadOnlySpan<byte> source, int count, Func<int, IdPlace> place) =>
        Find(source, count, place, out _);

    /// <summary>As <see cref="Find(ReadOnlySpan{byte}, int, Func{int, IdPlace})"/>, keeping the table for <see cref="IndexOf"/>.</summary>
    public static List<(int Repeat, int First)> Find(ReadOnlySpan<byte> source, int count, Func<int, IdPlace> place, out int[] table)
    {
        var found = new List<(int, int)>();
        var mask = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count * 2)) - 1;
        var slots = new int[mask + 1];
        for (var i = 0; i < count; i++)
        {
            var id = Bytes(source, place(i));
            var slot = Hash(id) & mask;
            while (slots[slot] != 0 && !Bytes(source, place(slots[slot] - 1)).SequenceEqual(id))
            {
                slot = (slot + 1) & mask;
            }

            if (slots[slot] == 0)
            {
                slots[slot] = i + 1;
            }
            else
            {
                found.Add((i, slots[slot] - 1));
            }
        }

        table = slots;
        return found;
    }

    /// <summary>The place number of the first use of an id (its UTF-8 bytes, decoded) in a table made by Find, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> source, int[] table, Func<int, IdPlace> place, ReadOnlySpan<byte> id)
    {
        var mask = table.Length - 1;
        for (var slot = Hash(id) & mask; table[slot] != 0; slot = (slot + 1) & mask)
        {
            if (Bytes(source, place(table[slot] - 1)).SequenceEqual(id))
            {
                return table[slot] - 1;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> source, IdPlace place) => place.Length >= 0
        ? source.Slice(place.At + 1, place.Length)
        : Encoding.UTF8.GetBytes(place.Escaped!);

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
}
