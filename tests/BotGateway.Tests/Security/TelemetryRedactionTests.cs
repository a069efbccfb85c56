using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Handoff.ServiceDefaults.Observability;
using Handoff.TestSupport;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>
/// No user, tenant or conversation id in span URLs or log scopes: the gateway's server spans carry route templates,
/// its calls to ConversationState and the Bot Connector carry path templates, and no log line has a RequestPath scope.
/// </summary>
[Collection(nameof(TelemetryRedactionTests))]
public sealed class TelemetryRedactionTests(RabbitMqFixture rabbitMq) : IAsyncLifetime
{
    private const string AdminKey = "an-admin-api-key-of-at-least-32-characters";
    private const string Tenant = "tenant-allowed";
    private readonly string _user = $"user-{Guid.NewGuid():N}";
    private readonly string _conversation = $"conv-{Guid.NewGuid():N}";
    private RecordingServer _connector = null!;
    private KestrelGateway _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _connector = await RecordingServer.ConnectorAsync();
        // Debug, so the per-handoff logs (Debug since they are source-generated) are among those checked for ids.
        _gateway = KestrelGateway.Start(rabbitMq.ConnectionString, ("Admin:ApiKey", AdminKey), ("Logging:LogLevel:Default", "Debug"));
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_turn_leaves_no_conversation_tenant_or_user_id_in_any_span_or_log_scope()
    {
        // An allowed tenant's message: the gateway asks ConversationState (down here) about the conversation, then replies.
        var message = KestrelGateway.Message(_connector.BaseAddress.AbsoluteUri, _conversation, Tenant, _user);
        message["id"] = "m-1";

        var response = await _gateway.PostAsync(message.ToJsonString());
        var replies = await _connector.WaitForRequestAsync(request => request.Contains(_conversation, StringComparison.Ordinal));
        var connectorUrl = $"{_connector.BaseAddress.GetLeftPart(UriPartial.Authority)}/v3/conversations/{{conversationId}}/activities/{{activityId}}";
        var spans = await SpansAsync(server: 1, client: 3, spans => spans.Any(span => span.GetTagItem("url.full") as string == connectorUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(replies, request => request.Contains(_conversation, StringComparison.Ordinal));
        Assert.Contains(spans, span => (span.GetTagItem("url.full") as string)?.EndsWith("/conversations/{conversationId}/turns", StringComparison.Ordinal) == true
                                       || (span.GetTagItem("url.full") as string)?.EndsWith("/conversations/{conversationId}", StringComparison.Ordinal) == true);
        Assert.True(spans.Any(span => span.GetTagItem("url.full") as string == connectorUrl),
            $"no client span for {connectorUrl}; client spans: {string.Join(", ", spans.Where(span => span.Kind == ActivityKind.Client).Select(span => span.GetTagItem("url.full")))}");
        Assert.Contains(spans, span => span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == "/api/messages");
        AssertNoIdentifiers(spans, _conversation, _user);
    }

    [Fact]
    public async Task An_admin_erasure_shows_its_route_template_and_not_whom_it_erased()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/admin/users/{Tenant}/{_user}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        var response = await _gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var spans = await SpansAsync(server: 1, client: 1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(spans, span => span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == "/admin/users/{tenantId}/{userAadObjectId}");
        Assert.Contains(spans, span => (span.GetTagItem("url.full") as string)?.EndsWith("/users/{tenantId}/{userAadObjectId}", StringComparison.Ordinal) == true);
        AssertNoIdentifiers(spans, Tenant, _user);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a:1/activities/f:2", "https://smba.trafficmanager.net/amer/v3/conversations/{conversationId}/activities/{activityId}")]
    [InlineData("http://127.0.0.1:5000/conversations/a%3A1/active-task/switch", "http://127.0.0.1:5000/conversations/{conversationId}/active-task/switch")]
    [InlineData("http://127.0.0.1:5000/users/t/u?requestedBy=admin", "http://127.0.0.1:5000/users/{tenantId}/{userAadObjectId}")]
    [InlineData("http://127.0.0.1:5000/handoff-tokens/redeem", "http://127.0.0.1:5000/handoff-tokens/redeem")]
    [InlineData("http://user:secret@127.0.0.1:5000/something/else/a:1", "http://127.0.0.1:5000" + SpanUrlRedaction.RedactedPath)]
    public void A_client_url_keeps_its_host_and_takes_its_template_or_loses_its_path(string url, string redacted)
    {
        var options = new SpanUrlRedactionOptions();
        options.ClientTemplates.AddRange(Contracts.State.StateApiRoutes.Templates);
        options.ClientTemplates.AddRange(BotFramework.Connector.BotConnectorClient.PathTemplates);

        _ = new SpanUrlRedaction(Microsoft.Extensions.Options.Options.Create(options));
        Assert.Equal(redacted, SpanUrlRedaction.Redact(url));
    }

    private void AssertNoIdentifiers(List<Activity> spans, params string[] identifiers)
    {
        foreach (var span in spans)
        {
            foreach (var (key, value) in span.TagObjects)
            {
                Assert.All(identifiers, id => Assert.DoesNotContain(id, value?.ToString() ?? "", StringComparison.OrdinalIgnoreCase));
            }

            Assert.All(identifiers, id => Assert.DoesNotContain(id, span.DisplayName, StringComparison.OrdinalIgnoreCase));
        }

        var logs = _gateway.Logs.GetSnapshot();
        // Scopes are recorded (the trace and span ids' at least), so their absence below means something.
        Assert.Contains(logs, log => log.Scopes.Count > 0);
        foreach (var log in logs)
        {
            foreach (var scope in log.Scopes)
            {
                var text = scope is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(", ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                    : scope?.ToString() ?? "";
                Assert.DoesNotContain("RequestPath", text, StringComparison.Ordinal);
                Assert.All(identifiers, id => Assert.DoesNotContain(id, text, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    /// <summary>The server span ends after the response has left: wait for it.</summary>
    /// <summary>The spans once this many server and client spans have ended, and <paramref name="complete"/> holds (at most 10 s): a loaded machine exports them late.</summary>
    private async Task<List<Activity>> SpansAsync(int server, int client, Func<List<Activity>, bool>? complete = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var spans = _gateway.Spans.Snapshot();

            if ((spans.Count(span => span.Kind == ActivityKind.Server) >= server && spans.Count(span => span.Kind == ActivityKind.Client) >= client
                 && (complete is null || complete(spans)))
                || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return spans;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>
/// Spans are listened to process-wide, so other tests' hosts add theirs to what this class reads (and, before
/// SpanUrlRedaction shared its templates across the process, another host's processor redacted the connector's path to
/// /{redacted}: twice in CI). This collection runs after the others, alone.
/// </summary>
[CollectionDefinition(nameof(TelemetryRedactionTests), DisableParallelization = true)]
public sealed class TelemetryRedactionAlone;

