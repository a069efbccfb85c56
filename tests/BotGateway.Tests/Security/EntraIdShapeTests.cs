using System.Net;
using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.Tests.Authentication;
using Handoff.TestSupport;
using static Handoff.BotGateway.Tests.Authentication.AuthenticatedGateway;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>Outside development mode the user's object id and tenant id are Entra's: GUIDs, or the activity is a 400.</summary>
public sealed class EntraIdShapeTests(RabbitMqFixture rabbitMq)
{
    private const string User = "00000000-0000-0000-0000-0000000000a1";
    private const string Tenant = "99999999-8888-7777-6666-555555555555";

    [Theory]
    [InlineData("u/x", Tenant, "from.aadObjectId must be an Entra object id")]
    [InlineData("dev:29:1abc", Tenant, "from.aadObjectId must be an Entra object id")]
    [InlineData("{00000000-0000-0000-0000-0000000000a1}", Tenant, "from.aadObjectId must be an Entra object id")]
    [InlineData(User, "T/u", "must be an Entra tenant id")]
    [InlineData(User, "tenant-1", "must be an Entra tenant id")]
    public void Ids_of_another_shape_are_refused_outside_development_mode_and_accepted_in_it(string aadObjectId, string tenant, string reason)
    {
        var activity = Activity(aadObjectId, tenant);

        Assert.False(TeamsUser.TryResolve(activity, developmentMode: false, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.True(TeamsUser.TryResolve(activity, developmentMode: true, out var user, out _));
        Assert.Equal((aadObjectId, tenant), (user.AadObjectId, user.TenantId));
    }

    [Fact]
    public void Entra_guids_are_accepted_outside_development_mode()
    {
        Assert.True(TeamsUser.TryResolve(Activity(User, Tenant), developmentMode: false, out var user, out _));
        Assert.Equal(new TeamsUser(User, Tenant), user);
    }

    [Fact]
    public async Task A_copilot_query_with_a_user_id_that_is_not_a_guid_is_400_through_the_authenticated_gateway()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString);
        var key = gateway.Metadata.AddKey("msteams");
        var body = $$$"""
            {"type":"invoke","name":"composeExtension/query","id":"f:1","channelId":"msteams","serviceUrl":"{{{ServiceUrl}}}",
             "from":{"id":"29:u","aadObjectId":"u/x"},"recipient":{"id":"28:{{{AppId}}}"},
             "conversation":{"id":"a:1","tenantId":"{{{TenantId}}}"},"channelData":{"tenant":{"id":"{{{TenantId}}}"}},
             "value":{"commandId":"continueInChat","parameters":[{"name":"request","value":"x"}]}}
            """;

        var response = await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, AppId, ServiceUrl), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be an Entra object id", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static IncomingActivity Activity(string aadObjectId, string tenant) =>
        new("invoke", "handoff/action", "1", "msteams", new Uri("https://smba.trafficmanager.net/amer/"), "a:1", "personal",
            new ChannelAccount("29:1abc", null, aadObjectId), new ChannelAccount("28:bot", null, null), tenant, null, null, null);
}
