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

        AssertStartupFailedNaming("MicrosoftAppTenantId", await Record.ExceptionAsync(async () => await (await startup).DisposeAsync()));
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

        AssertStartupFailedNaming("MicrosoftAppId", await Record.ExceptionAsync(async () => await (await startup).DisposeAsync()));
    }

    /// <summary>Start-up validation may report one failure or several at once (an AggregateException).</summary>
    private static void AssertStartupFailedNaming(string key, Exception? error)
    {
        Assert.NotNull(error);
        var validation = (error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error])
            .OfType<OptionsValidationException>().ToList();
        Assert.True(validation.Count > 0, $"expected an options validation failure, got {error}");
        Assert.Contains(validation, failure => failure.Message.Contains(key, StringComparison.Ordinal));
    }
}
