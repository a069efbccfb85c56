using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Configuration;

/// <summary>Bot identity settings bound from configuration keys exactly as the gateway binds them (the root).</summary>
internal static class BoundSettings
{
    public const string Prefix = "Connections:ServiceConnection:Settings:";

    public static BotIdentityOptions Bind(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        var options = new BotIdentityOptions();
        configuration.Bind(options);
        return options;
    }

    /// <summary>The gateway's MSAL credentials for these settings, with MSAL's HTTP through <paramref name="handler"/>.</summary>
    public static (MsalConnectorCredentials Credentials, ServiceProvider Services) Credentials(BotIdentityOptions options, Func<HttpMessageHandler>? handler = null)
    {
        var services = new ServiceCollection();
        var http = services.AddHttpClient(MsalConnectorCredentials.HttpClientName);
        if (handler is not null)
        {
            http.ConfigurePrimaryHttpMessageHandler(handler);
        }

        var provider = services.BuildServiceProvider();
        return (new MsalConnectorCredentials(Options.Create(options), provider.GetRequiredService<IHttpClientFactory>()), provider);
    }
}
