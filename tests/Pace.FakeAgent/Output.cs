using System.Text;

namespace Pace.FakeAgent;

internal static class Output
{
    /// <summary>Size of one line of <see cref="Huge"/>, newline included, so tests can predict the transcript.</summary>
    public const int HugeLineLength = 1024;

    /// <summary>Lines that no stream parser can make sense of, and some that nearly make sense.</summary>
    public static void Garbage(int count, Stream stdout)
    {
        string[] samples =
        [
            "not json at all",
            "{\"type\":\"assistant\",\"message\":",
            "[1,2,3]",
            "null",
            "{\"type\":42}",
            "{\"type\":\"from_the_future\",\"x\":1}",
            "{\"type\":\"result\",\"is_error\":\"maybe\",\"usage\":[],\"num_turns\":\"many\",\"permission_denials\":{}}",
            "{\"no_type\":true}",
            "{\"type\":\"assistant\",\"message\":{\"content\":\"should be an array\"}}",
            "{{{{{{{{{{",
        ];
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            if (i % 4 == 3)
            {
                var bytes = new byte[64];
                random.NextBytes(bytes);
                bytes = [.. bytes.Where(b => b != (byte)'\n'), (byte)'\n'];
                stdout.Write(bytes);
            }
            else
            {
                stdout.Write(Encoding.UTF8.GetBytes(samples[i % samples.Length] + "\n"));
            }
        }

        stdout.Flush();
    }

    /// <summary>
    /// MEGABYTES of Claude-style assistant text events, each line exactly <see cref="HugeLineLength"/>
    /// bytes: "{"type":"assistant","message":{"id":"m","content":[{"type":"text","text":"xxxx..."}]}}".
    /// </summary>
    public static void Huge(int megabytes, Stream stdout)
    {
        const string prefix = "{\"type\":\"assistant\",\"message\":{\"id\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"";
        const string suffix = "\"}]}}\n";
        var line = Encoding.UTF8.GetBytes(prefix + new string('x', HugeLineLength - prefix.Length - suffix.Length) + suffix);
        var lines = megabytes * (1 << 20) / HugeLineLength;
        using var buffered = new BufferedStream(stdout, 1 << 16);
        for (var i = 0; i < lines; i++)
        {
            buffered.Write(line);
        }
    }
}
