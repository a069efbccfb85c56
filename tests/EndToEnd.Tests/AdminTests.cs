using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>The admin "forget this user" API on the shared system, configured with an admin key; no other test erases through it.</summary>
[Collection(TestStreams.Behaviour)]
public sealed class AdminTests(HandoffSystemFixture system)
{
    [Fact]
    public async Task An_admin_erases_a_users_handoff_data_and_the_erasure_is_audited()
    {
        var (host, connector) = (system.AppHost, system.Connector);
        var user = system.NewUser("tenant-admin");
        var cards = await TeamsChannel.CardsAsync(await user.CopilotQueryAsync("onboard the new hire"));
        await user.ClickAsync(cards[0].Token);
        await connector.WaitForMessagesAsync(user.ConversationId, 1);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete,
            new Uri(host.MessagesEndpoint, $"/admin/users/{user.TenantId}/{user.AadObjectId}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HandoffSystemFixture.AdminKey);
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var erased = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["recordsErased"]!;
        await user.SayAsync("status");
        var status = (await connector.WaitForMessagesAsync(user.ConversationId, 2))[1];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(erased >= 3, $"erased {erased} records");
        Assert.StartsWith("I don't have a task for this chat yet", status.Text, StringComparison.Ordinal);
        Assert.True(await host.LoggedAsync("requested by an administrator, through the admin API", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), host.Output);
        Assert.DoesNotContain(user.AadObjectId, host.Output, StringComparison.Ordinal);
    }
}
