using Pace.Adapters.Config;
using Pace.Adapters.Forges;
using Pace.Adapters.Tests.Support;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Tests.Forges;

public sealed class ForgeKindTests
{
    [Fact]
    public void I_can_choose_the_forge_by_option_then_by_pace_json_then_local()
    {
        using var temp = new TempFolder();
        ForgeKind.Choose(null, PaceSettings.Load(temp.Path)).ShouldBe("local");
        File.WriteAllText(temp.File("pace.json"), """{ "pace": { "forge": { "type": "github" } } }""");
        var settings = PaceSettings.Load(temp.Path);
        ForgeKind.Choose(null, settings).ShouldBe("github");
        ForgeKind.Choose("local", settings).ShouldBe("local");
        Should.Throw<InputException>(() => ForgeKind.Choose("gitlab", settings)).Message.ShouldContain("--forge gitlab");
    }

    [Fact]
    public void A_wrong_forge_type_in_pace_json_is_an_error_naming_its_line_and_column()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("pace.json"), "{\n  \"pace\": {\n    \"forge\": { \"type\": \"gitlab\" }\n  }\n}\n");

        var error = Should.Throw<InputException>(() => PaceSettings.Load(temp.Path));

        error.Message.ShouldContain("pace.forge.type must be one of \"local\", \"github\"");
        var diagnostic = error.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.File, diagnostic.Line).ShouldBe((temp.File("pace.json"), 3));
    }
}
