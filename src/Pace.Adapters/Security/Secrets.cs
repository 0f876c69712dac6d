using System.Collections;
using Pace.Core.Security;

namespace Pace.Adapters.Security;

/// <summary>
/// The one redactor of this Pace process. It starts from Pace's own environment and the known
/// credential shapes, and learns every further secret as Pace meets it: each agent's configured
/// <c>env</c> when pace.json is read, the environment of every child it starts, the forge token when
/// it is read. Every way out of Pace consults it at the lowest level (the terminal's writers, the
/// file writer, the journal, transcripts and check logs, git's commit messages, the forge's request
/// bodies), so that a new message or a new file cannot forget it (docs/secrets.md).
/// </summary>
public static class Secrets
{
    private static Redactor _current = Redactor.Shapes.WithVariables(ProcessEnvironment());

    public static Redactor Current => Volatile.Read(ref _current);

    /// <summary>Learns the values of the secret-looking variables among <paramref name="variables"/>.</summary>
    public static void Learn(IEnumerable<KeyValuePair<string, string?>> variables) => Update(r => r.WithVariables(variables));

    /// <summary>Learns one value known to be secret whatever its name (a forge token from `gh auth token`).</summary>
    public static void LearnValue(string value) => Update(r => r.With([value]));

    public static string Redact(string text) => Current.Redact(text);

    private static void Update(Func<Redactor, Redactor> learn)
    {
        while (true)
        {
            var before = Volatile.Read(ref _current);
            var after = learn(before);
            if (ReferenceEquals(before, after) || ReferenceEquals(Interlocked.CompareExchange(ref _current, after, before), before))
            {
                return;
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> ProcessEnvironment()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                yield return new(name, value);
            }
        }
    }
}
