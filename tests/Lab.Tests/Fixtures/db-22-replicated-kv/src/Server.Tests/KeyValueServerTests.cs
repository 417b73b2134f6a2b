using FromScratch.Core;

namespace FromScratch.Server.Tests;

public sealed class KeyValueServerTests
{
    [Fact]
    [Trait("Step", "02")]
    public void Put_then_get_answers_the_value_and_writes_the_log()
    {
        var server = new KeyValueServer(new KeyValueLog());

        server.Handle("put a 1").Should().Be("ok");
        server.Handle("get a").Should().Be("1");
        server.Log.Count.Should().Be(1);
    }

    [Fact]
    [Trait("Step", "02")]
    public void An_unknown_command_is_an_error()
    {
        new KeyValueServer(new KeyValueLog()).Handle("delete a").Should().StartWith("error:");
    }
}
