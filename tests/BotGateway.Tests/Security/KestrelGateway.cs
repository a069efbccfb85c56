using System.Text;
using System.Text.Json.Nodes;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry.Trace;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>
/// The gateway in development mode on a real Kestrel socket on loopback, so requests cross HTTP as a browser's or a
/// channel's would; its logs and finished spans are kept for the test. Only <c>tenant-allowed</c> may use handoffs:
/// a message from any other tenant is answered through the connector at once, without ConversationState.
/// </summary>
internal sealed class KestrelGateway : IAsyncDisposable
{
    public const string OtherTenant = "tenant-other";

    private readonly WebApplicationFactory<Program> _factory;

    private KestrelGateway(WebApplicationFactory<Program> factory, SpanRecorder spans)
    {
        _factory = factory;
        Spans = spans;
        Http = factory.CreateClient();
    }

    public HttpClient Http { get; }

    public SpanRecorder Spans { get; }

    public FakeLogCollector Logs => _factory.Services.GetFakeLogCollector();

    public static KestrelGateway Start(string rabbitMq, params (string Key, string Value)[] settings)
    {
        var spans = new SpanRecorder();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("urls", "http://127.0.0.1:0");
            web.UseSetting("ConnectionStrings:rabbitmq", rabbitMq);
            web.WithOwnTurnQueue();
            web.UseSetting("services:conversationstate:http:0", $"http://127.0.0.1:{LoopbackPorts.Free()}");
            web.WithUncheckedStateCallerKey();
            web.UseSetting("Handoff:AllowedTenants:0", "tenant-allowed");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services =>
            {
                services.AddFakeLogging();
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            });
        });
        factory.UseKestrel(0);
        factory.StartServer();
        return new KestrelGateway(factory, spans);
    }

    /// <summary>A message from <see cref="OtherTenant"/>: the gateway answers it through the connector before it responds.</summary>
    public static JsonObject Message(string serviceUrl, string conversationId, string tenant = OtherTenant, string user = "aad-user") => new()
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["text"] = "hello",
        ["from"] = new JsonObject { ["id"] = "29:user", ["aadObjectId"] = user },
        ["recipient"] = new JsonObject { ["id"] = "28:bot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
    };

    /// <param name="contentType">Sent as is, unvalidated; null sends no Content-Type at all.</param>
    public async Task<HttpResponseMessage> PostAsync(string body, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
