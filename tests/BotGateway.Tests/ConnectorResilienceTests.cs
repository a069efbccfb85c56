using System.Diagnostics;
using System.Diagnostics.Metrics;
using Handoff.BotGateway.BotFramework.Connector;
using Handoff.BotGateway.Localization;
using Handoff.Contracts.Events;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Handoff.BotGateway.Tests;

/// <summary>The Bot Connector client against a connector on loopback that throttles and fails.</summary>
public sealed class ConnectorResilienceTests
{
    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_the_message_is_delivered_once()
    {
        var calls = 0;
        var accepted = 0;
        await using var connector = await ConnectorAsync(() =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                return Results.Text("slow down", statusCode: 429, contentType: null, contentEncoding: null).WithRetryAfter("1");
            }

            Interlocked.Increment(ref accepted);
            return Results.Json(new { id = "1" }, statusCode: 201);
        });
        using var services = Services(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        await services.GetRequiredService<BotConnectorClient>().SendAsync(Address(connector.Url), OutgoingActivity.Message("hi", ReplyLanguage.English), TestContext.Current.CancellationToken);

        Assert.Equal(3, calls);
        Assert.Equal(1, accepted);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"Retry-After was not honoured: {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_connector_that_keeps_failing_is_given_up_on_within_the_send_timeout_and_counted()
    {
        await using var connector = await ConnectorAsync(() => Results.StatusCode(503));
        using var services = Services(TimeSpan.FromSeconds(3));
        var giveUps = CountGiveUps(services);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<Exception>(() =>
            services.GetRequiredService<BotConnectorClient>().SendAsync(Address(connector.Url), OutgoingActivity.Message("hi", ReplyLanguage.English), TestContext.Current.CancellationToken));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"gave up after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(1, giveUps());
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        var calls = 0;
        await using var connector = await ConnectorAsync(() => { Interlocked.Increment(ref calls); return Results.StatusCode(400); });
        using var services = Services(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            services.GetRequiredService<BotConnectorClient>().SendAsync(Address(connector.Url), OutgoingActivity.Message("hi", ReplyLanguage.English), TestContext.Current.CancellationToken));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Reply_update_and_typing_use_the_connector_routes_and_name_the_activity()
    {
        var calls = new System.Collections.Concurrent.ConcurrentQueue<(string Method, string Path, System.Text.Json.Nodes.JsonNode Body)>();
        var (app, url) = await LoopbackServer.StartAsync(web =>
        {
            web.MapMethods("/v3/conversations/{id}/activities/{activityId?}", ["POST", "PUT"], async (HttpRequest request) =>
            {
                calls.Enqueue((request.Method, request.Path.Value!, (await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body))!));
                return Results.Json(new { id = "x" }, statusCode: 201);
            });
        });
        await using var _ = app;
        using var services = Services(TimeSpan.FromSeconds(30));
        var connector = services.GetRequiredService<BotConnectorClient>();
        var address = Address(url);

        await connector.ReplyAsync(address, "f:42", OutgoingActivity.Message("reply", ReplyLanguage.English), TestContext.Current.CancellationToken);
        await connector.UpdateAsync(address, "m:7", OutgoingActivity.Message("updated", ReplyLanguage.English), TestContext.Current.CancellationToken);
        await connector.SendAsync(address, OutgoingActivity.Typing(), TestContext.Current.CancellationToken);

        var recorded = calls.ToArray();
        Assert.Equal(("POST", "/v3/conversations/a:1/activities/f:42"), (recorded[0].Method, recorded[0].Path));
        Assert.Equal("f:42", (string?)recorded[0].Body["replyToId"]);
        Assert.Equal(("PUT", "/v3/conversations/a:1/activities/m:7"), (recorded[1].Method, recorded[1].Path));
        Assert.Equal("m:7", (string?)recorded[1].Body["id"]);
        Assert.Equal("updated", (string?)recorded[1].Body["text"]);
        Assert.Equal(("POST", "/v3/conversations/a:1/activities"), (recorded[2].Method, recorded[2].Path));
        Assert.Equal("typing", (string?)recorded[2].Body["type"]);
    }

    private static ConversationAddress Address(Uri serviceUrl) => new("msteams", serviceUrl.AbsoluteUri, "a:1", "28:bot", "29:user");

    private static ServiceProvider Services(TimeSpan sendTimeout)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.Configure<ConnectorOptions>(options =>
        {
            options.AllowLoopback = true;
            options.SendTimeout = sendTimeout;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        });
        services.AddSingleton<ServiceUrlPolicy>();
        services.AddSingleton<IConnectorCredentials, DevelopmentConnectorCredentials>();
        services.AddSingleton<ConnectorMetrics>();
        services.AddHttpClient<BotConnectorClient>().AddResilienceHandler("bot-connector", ConnectorResilience.Configure);
        return services.BuildServiceProvider();
    }

    private static Func<long> CountGiveUps(IServiceProvider services)
    {
        long count = 0;
        var factory = services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "handoff.connector.give_ups")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref count, value));
        listener.Start();
        _ = services.GetRequiredService<ConnectorMetrics>();
        return () => Interlocked.Read(ref count);
    }

    private static async Task<StandInConnector> ConnectorAsync(Func<IResult> answer)
    {
        var (app, url) = await LoopbackServer.StartAsync(app => app.MapPost("/v3/conversations/{id}/activities", answer));
        return new StandInConnector(app, url);
    }

    private sealed record StandInConnector(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}

internal static class ResultExtensions
{
    public static IResult WithRetryAfter(this IResult result, string seconds) => new RetryAfterResult(result, seconds);

    private sealed class RetryAfterResult(IResult inner, string seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
