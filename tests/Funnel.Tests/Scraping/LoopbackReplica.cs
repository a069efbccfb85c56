using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Handoff.Funnel.Tests.Scraping;

/// <summary>A replica's <c>/metrics</c> stood in for by an HttpListener on 127.0.0.1: real sockets, real HTTP.</summary>
public sealed class LoopbackReplica : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopped = new();

    private LoopbackReplica(Func<HttpListenerContext, CancellationToken, Task> answer)
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.AbsoluteUri);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            try
            {
                while (_listener.IsListening)
                {
                    var context = await _listener.GetContextAsync();
                    _ = Task.Run(() => answer(context, _stopped.Token));
                }
            }
            catch (Exception) when (!_listener.IsListening)
            {
                // Closing the listener ends the pending accept with an exception: that is the stop.
            }
        });
    }

    public Uri BaseAddress { get; }

    public List<string> Paths { get; } = [];

    public static LoopbackReplica Serving(string metrics)
    {
        LoopbackReplica? replica = null;
        replica = new LoopbackReplica(async (context, stopped) =>
        {
            lock (replica!.Paths)
            {
                replica.Paths.Add(context.Request.Url!.AbsolutePath);
            }

            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(metrics), stopped);
            context.Response.Close();
        });
        return replica;
    }

    public static LoopbackReplica Answering(HttpStatusCode status) => new((context, _) =>
    {
        context.Response.StatusCode = (int)status;
        context.Response.Close();
        return Task.CompletedTask;
    });

    /// <summary>Accepts the request and never answers, as a replica stuck in a long GC pause or a deadlock.</summary>
    public static LoopbackReplica Hanging() => new((_, stopped) => Task.Delay(Timeout.Infinite, stopped));

    /// <summary>An address where nothing listens, so the connection is refused.</summary>
    public static Uri Refusing() => new($"http://127.0.0.1:{FreePort()}/");

    public void Dispose()
    {
        _stopped.Cancel();
        _listener.Close();
        _stopped.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
