using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Authentication;

public sealed class StartupValidationTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task A_gateway_with_a_wrong_registration_does_not_start_and_names_the_key()
    {
        var startup = AuthenticatedGateway.StartAsync(rabbitMq.ConnectionString, web => web.UseSetting("MicrosoftAppTenantId", ""));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await startup).DisposeAsync());

        Assert.Contains("MicrosoftAppTenantId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_without_an_app_id_does_not_start_outside_development()
    {
        var startup = AuthenticatedGateway.StartAsync(rabbitMq.ConnectionString, web =>
        {
            web.UseEnvironment("Production");
            web.UseSetting("MicrosoftAppId", "");
            web.UseSetting("MicrosoftAppPassword", "");
            web.UseSetting("MicrosoftAppType", "");
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await startup).DisposeAsync());

        Assert.Contains("MicrosoftAppId", error.Message, StringComparison.Ordinal);
    }
}
