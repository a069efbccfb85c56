using System.Net.Http.Json;
using Handoff.Contracts.State;
using Handoff.ConversationState.Storage;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Handoff.ConversationState.Tests.Security;

/// <summary>The owner key names one tenant and one user whatever their ids hold (issue 15: T + u/x redeemed T/u + x's link).</summary>
public sealed class OwnerKeyTests(RedisFixture redisFixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public ValueTask InitializeAsync()
    {
        _factory = StateService.On(redisFixture.ConnectionString);
        _http = _factory.GatewayClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("T", "u/x", "T/u", "x")]
    [InlineData("T", "3:x", "T/3:", "x")]
    [InlineData("1:t", "x", "1", "t/x")]
    public void Two_identities_that_join_to_the_same_text_get_different_owner_keys(string tenant, string user, string otherTenant, string otherUser) =>
        Assert.NotEqual(Owner.Of(user, tenant), Owner.Of(otherUser, otherTenant));

    [Fact]
    public void The_owner_key_ignores_case_as_Entra_ids_do() =>
        Assert.Equal(Owner.Of("AAD-Alice", "Tenant-1"), Owner.Of("aad-alice", "tenant-1"));

    [Fact]
    public async Task A_link_minted_for_tenant_T_and_user_u_x_is_not_redeemed_by_tenant_T_u_and_user_x()
    {
        var stored = await PostAsync<StoreContextsResponse>("/handoff-contexts",
            new StoreContextsRequest([StateTestData.Draft(user: "u/x", tenant: "T", request: "the collision's task")]));

        var other = await PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem",
            new RedeemTokenRequest(stored.Tokens[0].Token, "x", "T/u", $"a:{Guid.NewGuid()}", "r-other"));
        var owner = await PostAsync<RedeemTokenResponse>("/handoff-tokens/redeem",
            new RedeemTokenRequest(stored.Tokens[0].Token, "u/x", "T", $"a:{Guid.NewGuid()}", "r-owner"));

        Assert.Equal(HandoffRejectionReason.NotYours, other.Rejection);
        Assert.Null(other.Task);
        Assert.Equal("the collision's task", owner.Task!.Context.RequestText);
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await _http.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;
    }
}
