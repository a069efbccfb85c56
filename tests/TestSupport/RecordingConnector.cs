using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.TestSupport;

/// <summary>
/// A Bot Connector on loopback that records what the bot sends, answering as the real one does
/// (201 with an id). Tests put its address in the activities' serviceUrl.
/// </summary>
public sealed class RecordingConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RecordedActivity> _activities = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private int _throttled;

    /// <summary>
    /// A test's bot may stamp each send with the slot its pacing gave it (Unix ms on the pacing's clock, Redis's when shared):
    /// what the limiter promises, without the jitter a loaded machine adds between the slot and the wire.
    /// </summary>
    public const string PacingSlotHeader = "X-Test-Pacing-Slot";

    private RecordingConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private init; } = null!;

    /// <summary>How many sends were answered 429 (when started with a throttle rate).</summary>
    public int Throttled => _throttled;

    /// <param name="throttleRate">The share of sends answered 429 with <c>Retry-After: 0</c>, at random, as a busy connector does.</param>
    public static async Task<RecordingConnector> StartAsync(double throttleRate = 0)
    {
        RecordingConnector? connector = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(web =>
            web.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", async (string conversationId, HttpRequest request, HttpResponse response) =>
            {
                var activity = (await JsonNode.ParseAsync(request.Body))!.AsObject();
                if (throttleRate > 0 && Random.Shared.NextDouble() < throttleRate)
                {
                    Interlocked.Increment(ref connector!._throttled);
                    response.Headers.RetryAfter = "0";
                    return Results.Json(new { error = new { code = "TooManyRequests", message = "Throttled" } }, statusCode: StatusCodes.Status429TooManyRequests);
                }

                connector!.Record(new RecordedActivity(conversationId, activity, request.Headers.Authorization.ToString())
                {
                    At = connector._clock.Elapsed,
                    PacingSlot = long.TryParse(request.Headers[PacingSlotHeader], out var slot) ? TimeSpan.FromMilliseconds(slot) : null,
                });
                return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: StatusCodes.Status201Created);
            }));
        connector = new RecordingConnector(app) { ServiceUrl = baseAddress };
        return connector;
    }

    /// <summary>Everything received, in order of arrival.</summary>
    public IReadOnlyList<RecordedActivity> All
    {
        get
        {
            lock (_activities)
            {
                return [.. _activities];
            }
        }
    }

    /// <summary>The most activities any one group got in any window of <paramref name="width"/>.</summary>
    public int MostIn(Func<RecordedActivity, string?> groupBy, TimeSpan width) =>
        All.GroupBy(groupBy).Select(group => SlidingWindow.MostIn(group.Select(activity => activity.At), width)).DefaultIfEmpty(0).Max();

    /// <summary>The most activities any one group had pacing slots for in any window of <paramref name="width"/> (<see cref="PacingSlotHeader"/>).</summary>
    public int MostPacedIn(Func<RecordedActivity, string?> groupBy, TimeSpan width) =>
        All.GroupBy(groupBy).Select(group => SlidingWindow.MostIn(group.Select(activity =>
            activity.PacingSlot ?? throw new InvalidOperationException($"A send without {PacingSlotHeader}: the bot does not stamp its sends.")), width)).DefaultIfEmpty(0).Max();

    public void Forget()
    {
        lock (_activities)
        {
            _activities.Clear();
        }
    }

    public IReadOnlyList<RecordedActivity> In(string conversationId)
    {
        lock (_activities)
        {
            return _activities.Where(activity => activity.ConversationId == conversationId).ToList();
        }
    }

    /// <summary>Waits until the conversation has at least <paramref name="count"/> messages (typing excluded) and returns them.</summary>
    public async Task<IReadOnlyList<RecordedActivity>> WaitForMessagesAsync(string conversationId, int count, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        while (true)
        {
            var messages = In(conversationId).Where(activity => activity.Type == "message").ToList();
            if (messages.Count >= count)
            {
                return messages;
            }

            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"Conversation {conversationId} got {messages.Count} of {count} messages in {limit.TotalSeconds:F0} s: " +
                    string.Join(" | ", messages.Select(message => message.Text)));
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Record(RecordedActivity activity)
    {
        lock (_activities)
        {
            _activities.Add(activity);
        }

        _changed.Release();
    }
}

public sealed record RecordedActivity(string ConversationId, JsonObject Activity, string Authorization)
{
    /// <summary>When the connector received it.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>When the connector received it, on the connector's own monotonic clock.</summary>
    public TimeSpan At { get; init; }

    /// <summary>The slot the bot's pacing gave it, as Unix time, if the bot stamped it (<see cref="RecordingConnector.PacingSlotHeader"/>).</summary>
    public TimeSpan? PacingSlot { get; init; }

    /// <summary>The tenant the bot sent it for (<c>conversation.tenantId</c>), whose limits it counts against.</summary>
    public string? TenantId => (string?)Activity["conversation"]?["tenantId"];

    public string? Type => (string?)Activity["type"];

    /// <summary>The message's text, or the first text block of its Adaptive Card.</summary>
    public string? Text => (string?)Activity["text"]
        ?? (string?)Activity["attachments"]?[0]?["content"]?["body"]?[0]?["text"];

    /// <summary>Every text block of the message's first Adaptive Card, one per line (the welcome's next step, the kept task, the feedback question).</summary>
    public string CardText => string.Join("\n", Activity["attachments"]?[0]?["content"]?["body"]?.AsArray().Select(block => (string?)block?["text"]) ?? []);

    /// <summary>The URL of the first button of the message's Adaptive Card, if it has one.</summary>
    public string? ButtonUrl => (string?)Activity["attachments"]?[0]?["content"]?["actions"]?[0]?["url"];
}
