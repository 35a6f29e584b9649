using Opta.Yaml;

namespace Opta.Tests.Loading;

/// <summary>The path messages quote, as the schema check and interpolation walk a document.</summary>
public sealed class NodePathTests
{
    [Fact]
    public void Fields_keys_and_items_are_written_as_messages_quote_them()
    {
        var path = new NodePath();
        path.Start("");
        path.EnterField("modules");
        path.EnterIndex(0);
        path.EnterField("env_vars");
        path.EnterKey("LOG_LEVEL");
        Assert.Equal("modules[0].env_vars.LOG_LEVEL", path.ToString());

        path.Leave();
        path.Leave();
        path.EnterField("ports");
        path.EnterIndex(2);
        Assert.Equal("modules[0].ports[2]", path.ToString());
    }

    [Fact]
    public void A_walk_starts_again_below_the_path_it_is_given()
    {
        var path = new NodePath();
        path.Start("old");
        path.EnterKey("x");
        path.Start("modules[1]");
        path.EnterKey("image");
        Assert.Equal("modules[1].image", path.ToString());
    }
}
