using Handoff.ConversationState.Tokens;

namespace Handoff.ConversationState.Tests;

public sealed class ContinuationTokenTests
{
    [Fact]
    public void A_minted_token_is_256_bits_of_base64url_without_padding()
    {
        var token = ContinuationToken.Mint();

        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
    }

    [Fact]
    public void Minted_tokens_do_not_repeat()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => ContinuationToken.Mint()).ToHashSet();

        Assert.Equal(10_000, tokens.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8=")]
    [InlineData("lXfPbd7EwOOzBbcvm+19CzKWZ8YmEdpO5xN6SwCuzP8")]
    [InlineData("lXfPbd7EwOOzBbcvm 19CzKWZ8YmEdpO5xN6SwCuzP8")]
    [InlineData("lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzé8")]
    public void Malformed_tokens_are_not_well_formed(string token) => Assert.False(ContinuationToken.IsWellFormed(token));

    [Fact]
    public void The_hash_is_a_stable_sha256_that_does_not_contain_the_token()
    {
        var token = ContinuationToken.Mint();

        var hash = ContinuationToken.Hash(token);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, ContinuationToken.Hash(token));
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
    }
}
