using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>A Bot Connector on loopback that records when each activity arrived, for which tenant and conversation.</summary>
internal sealed class RecordingConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private WebApplication _app = null!;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    public static async Task<RecordingConnector> StartAsync()
    {
        var connector = new RecordingConnector();
        (connector._app, connector.Url) = await LoopbackServer.StartAsync(app => app.MapPost("/v3/conversations/{id}/activities", async (string id, HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body);
            connector._arrivals.Enqueue(new Arrival(connector._clock.Elapsed, (string?)body?["conversation"]?["tenantId"], id, (string?)body?["text"]));
            return Results.Json(new { id = "1" }, statusCode: 201);
        }));
        return connector;
    }

    /// <summary>The most activities any one group got in any window of <paramref name="width"/>.</summary>
    public int MostIn(Func<Arrival, string?> groupBy, TimeSpan width) =>
        Arrivals.GroupBy(groupBy).Select(group => SlidingWindow.MostIn(group.Select(arrival => arrival.At), width)).DefaultIfEmpty(0).Max();

    public void Forget() => _arrivals.Clear();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public sealed record Arrival(TimeSpan At, string? TenantId, string ConversationId, string? Text);
}
