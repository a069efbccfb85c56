using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.TestSupport;

/// <summary>
/// An OpenAI-compatible chat model on loopback: <c>POST /v1/chat/completions</c>, answered as one JSON completion or,
/// when the request asks to stream, as server-sent events (<c>data: {chunk}</c> per piece, then <c>data: [DONE]</c>).
/// It records every request body, waits <see cref="FirstTokenDelay"/> before its first piece and <see cref="PieceGap"/>
/// between pieces, and answers the n-th call with <c>answers(n)</c>, split into words.
/// </summary>
public sealed class ChatModelStandIn : IAsyncDisposable
{
    public const string Model = "stand-in";

    private readonly WebApplication _app;
    private readonly List<JsonObject> _requests = [];
    private readonly Func<int, string> _answers;

    private ChatModelStandIn(WebApplication app, Uri baseAddress, Func<int, string> answers)
    {
        _app = app;
        BaseAddress = baseAddress;
        _answers = answers;
    }

    public Uri BaseAddress { get; }

    /// <summary><c>ConnectionStrings:chat</c> for it: the OpenAI client appends <c>chat/completions</c> to the endpoint.</summary>
    public string ConnectionString => $"Endpoint={BaseAddress}v1;Key=stand-in-key;Model={Model}";

    public TimeSpan FirstTokenDelay { get; set; }

    public TimeSpan PieceGap { get; set; }

    public IReadOnlyList<JsonObject> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Select(request => request.DeepClone().AsObject())];
            }
        }
    }

    public static async Task<ChatModelStandIn> StartAsync(Func<int, string> answers)
    {
        ChatModelStandIn? standIn = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(web =>
            web.MapPost("/v1/chat/completions", (HttpContext http) => standIn!.AnswerAsync(http)));
        standIn = new ChatModelStandIn(app, baseAddress, answers);
        return standIn;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task AnswerAsync(HttpContext http)
    {
        var request = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted))!.AsObject();
        int call;
        lock (_requests)
        {
            _requests.Add(request);
            call = _requests.Count;
        }

        var answer = _answers(call);
        await Task.Delay(FirstTokenDelay, http.RequestAborted);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (request["stream"]?.GetValue<bool>() != true)
        {
            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = $"chatcmpl-{call}",
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
            }, http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var pieces = answer.Split(' ').Select((word, index) => index == 0 ? word : " " + word).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(PieceGap, http.RequestAborted);
            }

            await WriteEventAsync(http, Chunk(call, created, new JsonObject { ["role"] = "assistant", ["content"] = pieces[i] }, null));
        }

        await WriteEventAsync(http, Chunk(call, created, new JsonObject(), "stop"));
        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private static JsonObject Chunk(int call, long created, JsonObject delta, string? finishReason) => new()
    {
        ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-{call}"),
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = Model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static async Task WriteEventAsync(HttpContext http, JsonObject chunk)
    {
        await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", Encoding.UTF8, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    /// <summary>The messages of one request, as (role, content) pairs.</summary>
    public static IReadOnlyList<(string Role, string Content)> Messages(JsonObject request) =>
        [.. request["messages"]!.AsArray().Select(message => ((string)message!["role"]!, ContentOf(message["content"])))];

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(part => (string?)part?["text"] ?? "")),
        _ => "",
    };
}
