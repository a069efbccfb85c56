using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>A loopback server that records every request's path and query and answers as <paramref name="answer"/> says.</summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _requests = [];

    private RecordingServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests so far once one matches (a turn's answer comes after the 200, from the turn worker); all of them after 20 s.</summary>
    public async Task<IReadOnlyList<string>> WaitForRequestAsync(Func<string, bool> match)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!Requests.Any(match) && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return Requests;
    }

    /// <summary>A Bot Connector that takes every activity (201 with an id).</summary>
    public static Task<RecordingServer> ConnectorAsync() =>
        StartAsync(_ => Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: StatusCodes.Status201Created));

    public static async Task<RecordingServer> StartAsync(Func<HttpRequest, IResult> answer)
    {
        RecordingServer? server = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(web => web.Run(async context =>
        {
            lock (server!._requests)
            {
                server._requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            }

            await answer(context.Request).ExecuteAsync(context);
        }));
        server = new RecordingServer(app, baseAddress);
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
