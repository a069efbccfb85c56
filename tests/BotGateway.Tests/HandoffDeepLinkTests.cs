using Handoff.BotGateway.Handoff.Initiation;

namespace Handoff.BotGateway.Tests;

public sealed class HandoffDeepLinkTests
{
    [Fact]
    public void The_link_opens_a_chat_with_the_bot_and_carries_the_token_as_continuation()
    {
        var link = HandoffDeepLink.Build("00000000-0000-0000-0000-00000000b0b0", "lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8");

        Assert.Equal(
            "https://teams.microsoft.com/l/chat/0/0?users=28:00000000-0000-0000-0000-00000000b0b0&continuation=lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8",
            link.AbsoluteUri);
    }

    [Fact]
    public void A_bot_id_that_already_has_the_28_prefix_does_not_get_it_twice()
    {
        var link = HandoffDeepLink.Build("28:bot", "token");

        Assert.Contains("users=28:bot&", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain("28:28:", link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameter_is_continuation_not_continuationToken()
    {
        var query = HandoffDeepLink.Build("bot", "token").Query;

        Assert.Contains("&continuation=token", query, StringComparison.Ordinal);
        Assert.DoesNotContain("continuationToken", query, StringComparison.Ordinal);
    }

    [Fact]
    public void Characters_that_would_break_the_query_are_percent_encoded()
    {
        var link = HandoffDeepLink.Build("bot", "a+b/c=d&e f");

        Assert.EndsWith("continuation=a%2Bb%2Fc%3Dd%26e%20f", link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_over_the_2048_character_budget_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => HandoffDeepLink.Build("bot", new string('a', 2000)));

        Assert.Contains("2048", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_token_link_is_far_inside_the_budget()
    {
        Assert.True(HandoffDeepLink.Build(Guid.NewGuid().ToString(), new string('a', 43)).AbsoluteUri.Length < 200);
    }

    [Theory]
    [InlineData("28:abc", "abc")]
    [InlineData("abc", "abc")]
    [InlineData("28:28:abc", "28:abc")]
    public void Bot_ids_are_normalised_without_the_prefix(string id, string normalised) =>
        Assert.Equal(normalised, HandoffDeepLink.NormalizeBotId(id));
}
