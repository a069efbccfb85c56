using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Handoff.TestSupport;

namespace Handoff.Benchmarks.SystemUnderTest;

/// <summary>
/// A Bot Connector on loopback that keeps only what the benchmark needs: per conversation, how many
/// messages (typing excluded) arrived and when the welcome was complete. It answers 201 with a fixed
/// id, as the real connector does. The same server carries the empty POST the floor is measured with.
/// </summary>
public sealed class FastConnector : IAsyncDisposable
{
    /// <summary>A welcome is one message: "Continuing from Copilot: …" with the task's next step and 👍/👎 on its card.</summary>
    public const int WelcomeMessages = 1;

    private static readonly byte[] CreatedBody = "{\"id\":\"bench\"}"u8.ToArray();
    private static readonly byte[] MessageType = "message"u8.ToArray();
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new();
    private long _messages;
    private long _typing;
    private long _welcomes;

    private FastConnector(WebApplication app, Uri serviceUrl)
    {
        _app = app;
        ServiceUrl = serviceUrl;
    }

    public Uri ServiceUrl { get; }

    /// <summary>A minimal endpoint: read the body, answer 200. The HTTP floor.</summary>
    public Uri EmptyPostUrl => new(ServiceUrl, "empty");

    public long Messages => Interlocked.Read(ref _messages);

    public long Typing => Interlocked.Read(ref _typing);

    public long Welcomes => Interlocked.Read(ref _welcomes);

    /// <summary>Raised when a conversation's welcome is complete, with the Stopwatch timestamp of its last message.</summary>
    public event Action<string, long>? Welcomed;

    public static async Task<FastConnector> StartAsync()
    {
        FastConnector? connector = null;
        var (app, serviceUrl) = await LoopbackServer.StartAsync(web =>
        {
            web.MapPost("/v3/conversations/{conversationId}/activities/{replyToId?}", (string conversationId, HttpRequest request) =>
                connector!.ReceiveAsync(conversationId, request));
            web.MapPost("/empty", async (HttpRequest request) =>
            {
                await DrainAsync(request);
                return Results.Ok();
            });
        });
        connector = new FastConnector(app, serviceUrl);
        return connector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task DrainAsync(HttpRequest request)
    {
        while (true)
        {
            var read = await request.BodyReader.ReadAsync();
            request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task ReceiveAsync(string conversationId, HttpRequest request)
    {
        ReadResult read;
        while (true)
        {
            read = await request.BodyReader.ReadAsync();
            if (read.IsCompleted)
            {
                break;
            }

            request.BodyReader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var isMessage = IsMessage(read.Buffer);
        request.BodyReader.AdvanceTo(read.Buffer.End);
        var now = Stopwatch.GetTimestamp();
        if (isMessage)
        {
            Interlocked.Increment(ref _messages);
            var conversation = _conversations.GetOrAdd(conversationId, static _ => new Conversation());
            if (Interlocked.Increment(ref conversation.Messages) == WelcomeMessages)
            {
                // Each click has a conversation of its own: once welcomed it is done, and a soak must not pile them up.
                _conversations.TryRemove(conversationId, out _);
                Interlocked.Increment(ref _welcomes);
                Welcomed?.Invoke(conversationId, now);
            }
        }
        else
        {
            Interlocked.Increment(ref _typing);
        }

        var response = request.HttpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/json";
        await response.Body.WriteAsync(CreatedBody);
    }

    /// <summary>The activity's top-level "type", read without building a document.</summary>
    private static bool IsMessage(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("type"u8):
                    reader.Read();
                    return reader.ValueTextEquals(MessageType);
            }
        }

        return false;
    }

    private sealed class Conversation
    {
        public int Messages;
    }
}
