using System.Net.Http.Headers;
using Handoff.Contracts;
using Handoff.Contracts.Clients;
using Handoff.ConversationState.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// ConversationState in-process, in Development (its generated key ring), on the Redis the test names, knowing the
/// gateway and HandoffService by the keys below; <see cref="CallerClient"/> calls it as one of them.
/// </summary>
internal static class StateService
{
    public static readonly string GatewayKey = "gateway-test-key-" + Guid.NewGuid().ToString("N");

    public static readonly string HandoffServiceKey = "handoffservice-test-key-" + Guid.NewGuid().ToString("N");

    public static WebApplicationFactory<Program> On(string redis, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:redis", redis);
            web.WithCallerKeys();
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });

    public static IWebHostBuilder WithCallerKeys(this IWebHostBuilder web) => web
        .UseSetting($"{CallerKeyOptions.SectionName}:Keys:{ResourceNames.BotGateway}", GatewayKey)
        .UseSetting($"{CallerKeyOptions.SectionName}:Keys:{ResourceNames.HandoffService}", HandoffServiceKey);

    /// <summary>A client of <paramref name="factory"/> that calls as the gateway, which may call every endpoint.</summary>
    public static HttpClient GatewayClient(this WebApplicationFactory<Program> factory) => factory.CallerClient(GatewayKey);

    public static HttpClient CallerClient(this WebApplicationFactory<Program> factory, string? key)
    {
        var http = factory.CreateClient();
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(CallerCredential.Scheme, key);
        }

        return http;
    }
}
