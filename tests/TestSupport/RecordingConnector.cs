using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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

    private RecordingConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public static async Task<RecordingConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new RecordingConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", async (string conversationId, HttpRequest request) =>
        {
            var activity = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            connector.Record(new RecordedActivity(conversationId, activity, request.Headers.Authorization.ToString()));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: StatusCodes.Status201Created);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
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
    public string? Type => (string?)Activity["type"];

    /// <summary>The message's text, or the first text block of its Adaptive Card.</summary>
    public string? Text => (string?)Activity["text"]
        ?? (string?)Activity["attachments"]?[0]?["content"]?["body"]?[0]?["text"];

    /// <summary>The URL of the first button of the message's Adaptive Card, if it has one.</summary>
    public string? ButtonUrl => (string?)Activity["attachments"]?[0]?["content"]?["actions"]?[0]?["url"];
}
