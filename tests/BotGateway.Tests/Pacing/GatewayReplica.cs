using System.Diagnostics;
using System.Globalization;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.TestSupport;
using Handoff.Contracts.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>
/// One gateway replica's Bot Connector client, wired by the gateway's own registration (resilience pipeline, pacing,
/// its own Redis connection), not started: two of them are two replicas sharing one Redis.
/// </summary>
internal sealed class GatewayReplica : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayReplica(WebApplication app) => _app = app;

    public BotConnectorClient Connector => _app.Services.GetRequiredService<BotConnectorClient>();

    public IServiceProvider Services => _app.Services;

    public FakeLogCollector Logs => _app.Services.GetRequiredService<FakeLogCollector>();

    /// <param name="redis">StackExchange.Redis's <c>host:port</c>; null for a gateway without Redis.</param>
    public static GatewayReplica Create(string? redis, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["Connector:AllowLoopback"] = "true",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddFakeLogging();
        builder.AddBotFramework();
        // Added last, so innermost: after OutboundRateLimitHandler has given the attempt its slot.
        builder.Services.AddHttpClient<BotConnectorClient>().AddHttpMessageHandler(() => new PacingSlotStamp());
        return new GatewayReplica(builder.Build());
    }

    public static ConversationAddress Address(Uri connector, string? tenantId, string conversationId) =>
        new("msteams", connector.AbsoluteUri, conversationId, "28:bot", "29:user", tenantId);

    /// <summary>
    /// Opens <paramref name="connections"/> connections to the connector, one send per throwaway tenant (so none
    /// waits): a first send over a cold connection arrives late and would bunch with the next window's sends.
    /// </summary>
    public Task WarmUpAsync(Uri connector, int connections, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, connections).Select(_ =>
            Connector.SendAsync(Address(connector, $"warm-up-{Guid.NewGuid()}", "a:warm-up"), OutgoingActivity.Typing(), cancellationToken)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Stamps each attempt with the slot the pacing gave it (<see cref="RecordingConnector.PacingSlotHeader"/>).</summary>
    private sealed class PacingSlotStamp : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Options.TryGetValue(OutboundRateLimitHandler.PacingSlotOption, out var slot))
            {
                throw new InvalidOperationException("A connector attempt without its pacing slot: this stamp must sit inside OutboundRateLimitHandler.");
            }

            request.Headers.Remove(RecordingConnector.PacingSlotHeader);
            request.Headers.Add(RecordingConnector.PacingSlotHeader, slot.ToString(CultureInfo.InvariantCulture));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
