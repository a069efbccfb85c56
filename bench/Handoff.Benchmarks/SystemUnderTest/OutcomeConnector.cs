using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Handoff.TestSupport;

namespace Handoff.Benchmarks.SystemUnderTest;

/// <summary>
/// A Bot Connector on loopback for the fault run: per conversation, every <em>outcome</em> the bot sent
/// (the welcome "Continuing from Copilot: …", or a refusal such as "link already used") with when it
/// arrived. The delay notice, the task's step, "your earlier task is kept" and the feedback question are
/// not outcomes (as in tests/EndToEnd.Tests/CrashRecoveryTests.cs). Answers 201 with an id, as the real one does.
/// </summary>
public sealed class OutcomeConnector : IAsyncDisposable
{
    private const string WelcomePrefix = "Continuing from Copilot";

    private static readonly byte[] CreatedBody = "{\"id\":\"bench\"}"u8.ToArray();
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, List<Outcome>> _outcomes = new();
    private long _messages;
    private long _delayNotices;

    private OutcomeConnector(WebApplication app, Uri serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    /// <summary>Messages of any kind (typing excluded).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>"A service is slow right now" notices: not outcomes, but they show a handoff waited for a dependency.</summary>
    public long DelayNotices => Interlocked.Read(ref _delayNotices);

    public static async Task<OutcomeConnector> StartAsync()
    {
        OutcomeConnector? connector = null;
        var (app, serviceUrl) = await LoopbackServer.StartAsync(web =>
            web.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", (string conversationId, HttpRequest request) =>
                connector!.ReceiveAsync(conversationId, request)));
        connector = new OutcomeConnector(app, serviceUrl);
        return connector;
    }

    /// <summary>The outcomes a conversation got so far, oldest first.</summary>
    public IReadOnlyList<Outcome> In(string conversationId)
    {
        if (!_outcomes.TryGetValue(conversationId, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }

    public int CountIn(string conversationId)
    {
        if (!_outcomes.TryGetValue(conversationId, out var list))
        {
            return 0;
        }

        lock (list)
        {
            return list.Count;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveAsync(string conversationId, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var now = Stopwatch.GetTimestamp();
        var root = body.RootElement;
        if (root.TryGetProperty("type", out var type) && type.ValueEquals("message"))
        {
            Interlocked.Increment(ref _messages);
            var text = Text(root);
            if (text is not null && text.Contains("a service is slow right now", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _delayNotices);
            }
            else if (text is not null && IsOutcome(text))
            {
                var list = _outcomes.GetOrAdd(conversationId, static _ => []);
                lock (list)
                {
                    list.Add(new Outcome(now, text.StartsWith(WelcomePrefix, StringComparison.Ordinal) ? "welcome" : text[..Math.Min(60, text.Length)]));
                }
            }
        }

        var response = request.HttpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(CreatedBody);
    }

    /// <summary>The message's text, or the first text block of its Adaptive Card.</summary>
    private static string? Text(JsonElement activity)
    {
        if (activity.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return text.GetString();
        }

        if (activity.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array && attachments.GetArrayLength() > 0
            && attachments[0].TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("body", out var blocks) && blocks.ValueKind == JsonValueKind.Array && blocks.GetArrayLength() > 0
            && blocks[0].TryGetProperty("text", out var first) && first.ValueKind == JsonValueKind.String)
        {
            return first.GetString();
        }

        return null;
    }

    private static bool IsOutcome(string text) =>
        text.StartsWith(WelcomePrefix, StringComparison.Ordinal)
        || (!text.Contains(", step ", StringComparison.Ordinal)
            && !text.Contains("is done: every step is complete", StringComparison.Ordinal)
            && !text.StartsWith("Your earlier task", StringComparison.Ordinal)
            && !text.StartsWith("Did picking up your task", StringComparison.Ordinal)
            && !text.StartsWith("Thanks", StringComparison.Ordinal)
            && !text.Contains("helpful", StringComparison.OrdinalIgnoreCase));
}

/// <param name="Timestamp">Stopwatch timestamp of its arrival at the connector.</param>
/// <param name="Kind">"welcome", or the first words of a refusal.</param>
public sealed record Outcome(long Timestamp, string Kind);
