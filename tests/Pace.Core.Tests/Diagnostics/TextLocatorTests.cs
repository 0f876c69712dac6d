using System.Text;
using Pace.Core.Diagnostics;

namespace Pace.Core.Tests.Diagnostics;

public sealed class TextLocatorTests
{
    [Fact]
    public void I_get_the_same_positions_as_a_full_scan_in_any_order()
    {
        var text = Encoding.UTF8.GetBytes("ab\ncé\n\nxyz\r\nλλλ end\n");
        var offsets = Enumerable.Range(0, text.Length + 1).ToList();
        var shuffled = offsets.OrderBy(o => (o * 7919) % 31).ToList();
        var locator = new TextLocator(text);

        foreach (var offset in offsets.Concat(shuffled))
        {
            locator.Locate(offset).ShouldBe(TextPosition.FromByteOffset(text, offset), $"offset {offset}");
        }
    }
}
