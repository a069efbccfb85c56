using Handoff.Contracts.Diagnostics;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffReferenceTests
{
    [Fact]
    public void A_token_always_gives_the_same_short_reference_and_another_token_another()
    {
        var reference = HandoffReference.ForToken("lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8");

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$", reference);
        Assert.Equal(reference, HandoffReference.ForToken("lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8"));
        Assert.NotEqual(reference, HandoffReference.ForToken("lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP9"));
        Assert.DoesNotContain("lXfPb", reference, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("H7K2M-9QXDA", "H7K2M-9QXDA")]
    [InlineData("h7k2m9qxda", "H7K2M-9QXDA")]
    [InlineData(" h7k2m 9qxda ", "H7K2M-9QXDA")]
    [InlineData("O7KIM-9QXDL", "07K1M-9QXD1")]
    public void What_a_user_reads_out_is_accepted_in_its_canonical_form(string typed, string canonical)
    {
        Assert.True(HandoffReference.TryNormalise(typed, out var reference));
        Assert.Equal(canonical, reference);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("H7K2M-9QXD")]
    [InlineData("H7K2M-9QXDAA")]
    [InlineData("H7K2M-9QXD!")]
    [InlineData("H7K2M-9QXDU")]
    [InlineData("../../etc/passwd")]
    public void Anything_else_is_not_a_reference(string? typed)
    {
        Assert.False(HandoffReference.TryNormalise(typed, out _));
    }
}
