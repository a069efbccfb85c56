using System.Net;
using Handoff.TestSupport;
using static Handoff.BotGateway.Tests.Authentication.AuthenticatedGateway;

namespace Handoff.BotGateway.Tests.Authentication;

public sealed class SigningKeyRolloverTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task An_unknown_key_id_refreshes_the_keys_so_a_rolled_over_key_is_accepted()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString);
        var oldKey = gateway.Metadata.AddKey("msteams");
        Assert.Equal(HttpStatusCode.OK, (await gateway.PostAsync(ChannelTokens.Create(oldKey, BotFrameworkIssuer, AppId, ServiceUrl))).StatusCode);

        var newKey = gateway.Metadata.AddKey("msteams");
        gateway.Metadata.ReplaceKeys(newKey);
        var response = await gateway.PostAsync(ChannelTokens.Create(newKey, BotFrameworkIssuer, AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_flood_of_unknown_key_ids_does_not_hammer_the_metadata_endpoint()
    {
        await using var gateway = await StartAsync(rabbitMq.ConnectionString);
        var key = gateway.Metadata.AddKey("msteams");
        await gateway.PostAsync(ChannelTokens.Create(key, BotFrameworkIssuer, AppId, ServiceUrl));
        var fetchesBefore = gateway.Metadata.KeyFetches;

        for (var i = 0; i < 50; i++)
        {
            var forged = new SigningKey($"made-up-{i}", System.Security.Cryptography.RSA.Create(2048), ["msteams"]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.PostAsync(ChannelTokens.Create(forged, BotFrameworkIssuer, AppId, ServiceUrl))).StatusCode);
        }

        Assert.InRange(gateway.Metadata.KeyFetches - fetchesBefore, 0, 1);
    }
}
