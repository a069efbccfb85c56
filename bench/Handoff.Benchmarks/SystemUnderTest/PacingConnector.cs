using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.Benchmarks.SystemUnderTest;

/// <summary>
/// A Bot Connector on loopback for the pacing phase: every call (typing included, as Teams counts it) with when it
/// arrived, its tenant (<c>conversation.tenantId</c>) and conversation, so the limits are judged where Teams judges them.
/// </summary>
public sealed class PacingConnector : IAsyncDisposable
{
    private const string WelcomePrefix = "Continuing from Copilot";

    private static readonly byte[] CreatedBody = "{\"id\":\"bench\"}"u8.ToArray();
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly WebApplication _app;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _welcomes;

    private PacingConnector(WebApplication app, Uri serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>"Continuing from Copilot: …" messages: one per handoff.</summary>
    public long Welcomes => Interlocked.Read(ref _welcomes);

    public static async Task<PacingConnector> StartAsync()
    {
        PacingConnector? connector = null;
        var (app, serviceUrl) = await LoopbackServer.StartAsync(web =>
            web.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", (string conversationId, HttpRequest request) =>
                connector!.ReceiveAsync(conversationId, request)));
        connector = new PacingConnector(app, serviceUrl);
        return connector;
    }

    /// <summary>Forgets the calls so far (the warm-up's).</summary>
    public void Forget()
    {
        _calls.Clear();
        Interlocked.Exchange(ref _welcomes, 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveAsync(string conversationId, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var at = Stopwatch.GetElapsedTime(_started);
        var root = body.RootElement;
        var tenant = root.TryGetProperty("conversation", out var conversation) && conversation.TryGetProperty("tenantId", out var id) ? id.GetString() : null;
        _calls.Enqueue(new Call(at, tenant, conversationId));
        if (root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            && text.GetString()!.StartsWith(WelcomePrefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _welcomes);
        }

        var response = request.HttpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(CreatedBody);
    }

    /// <param name="At">When it arrived, from the connector's start.</param>
    public sealed record Call(TimeSpan At, string? TenantId, string ConversationId);
}
