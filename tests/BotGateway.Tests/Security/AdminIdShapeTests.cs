using System.Net;
using System.Net.Http.Headers;
using Handoff.BotGateway.Tests.Authentication;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>
/// With a bot registration, the admin erasure takes Entra ids only: an id of another shape names no one's data, and
/// erasing it would answer "0 records erased" as though it had worked. Over HTTP, through the gateway.
/// </summary>
public sealed class AdminIdShapeTests(RabbitMqFixture rabbitMq)
{
    private const string AdminKey = "an-admin-api-key-of-at-least-32-characters";
    private const string Guid1 = "11111111-2222-3333-4444-555555555555";

    [Theory]
    [InlineData("tenant-allowed", Guid1)]
    [InlineData(Guid1, "aad-user")]
    [InlineData("{11111111-2222-3333-4444-555555555555}", Guid1)]
    [InlineData(Guid1, "11111111222233334444555555555555")]
    public async Task An_id_that_is_not_an_entra_guid_gets_400_saying_so_and_erases_nothing(string tenantId, string userAadObjectId)
    {
        await using var gateway = await AuthenticatedGateway.StartAsync(rabbitMq.ConnectionString, web => web.UseSetting("Admin:ApiKey", AdminKey));

        var response = await EraseAsync(gateway, tenantId, userAadObjectId);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must be Entra ids", body, StringComparison.Ordinal);
        Assert.Contains("Nothing was erased", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entra_ids_reach_the_state_service()
    {
        await using var gateway = await AuthenticatedGateway.StartAsync(rabbitMq.ConnectionString, web => web.UseSetting("Admin:ApiKey", AdminKey));

        // The state service is unreachable in these tests: the erasure gets as far as asking it.
        var response = await EraseAsync(gateway, Guid1, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> EraseAsync(AuthenticatedGateway gateway, string tenantId, string userAadObjectId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/admin/users/{Uri.EscapeDataString(tenantId)}/{Uri.EscapeDataString(userAadObjectId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return await gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
