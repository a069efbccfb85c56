using System.Net;
using Handoff.Dashboard.Otlp;
using Handoff.Dashboard.Telemetry;
using Handoff.Hosting.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Handoff.Dashboard.Tests.Otlp;

/// <summary>
/// The intake as a dashboard host runs it: real Kestrel on 127.0.0.1 with an HTTP/2-only listener for gRPC (the
/// exporter speaks plain-text HTTP/2 with no upgrade) and an HTTP/1.1 listener for http/protobuf.
/// </summary>
internal sealed class OtlpIntakeHost : IAsyncDisposable
{
    public const string ApiKey = "test-otlp-key";

    private readonly WebApplication app;

    private OtlpIntakeHost(WebApplication app, int grpcPort, int httpPort)
    {
        this.app = app;
        GrpcEndpoint = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpEndpoint = new Uri($"http://127.0.0.1:{httpPort}");
        Store = app.Services.GetRequiredService<ITelemetryStore>();
    }

    public Uri GrpcEndpoint { get; }

    public Uri HttpEndpoint { get; }

    public ITelemetryStore Store { get; }

    public static async Task<OtlpIntakeHost> StartAsync(int maxRequestBodyBytes = 4 * 1024 * 1024)
    {
        var grpcPort = LoopbackPorts.Free();
        var httpPort = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Logging.ClearProviders();
        builder.Services.AddOtlpIntake(otlp =>
        {
            otlp.ApiKey = ApiKey;
            otlp.MaxRequestBodyBytes = maxRequestBodyBytes;
        });

        var app = builder.Build();
        app.MapOtlpIntake();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new OtlpIntakeHost(app, grpcPort, httpPort);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
