using System.Net;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>The connector client never follows a redirect: a 307 is a failed send with a clear log, not a post elsewhere.</summary>
public sealed class ConnectorRedirectTests(RabbitMqFixture rabbitMq)
{
    [Fact]
    public async Task A_connector_answering_307_to_another_port_is_not_followed_and_the_failure_says_why()
    {
        await using var elsewhere = await RecordingServer.ConnectorAsync();
        await using var redirecting = await RecordingServer.StartAsync(request =>
            Results.Redirect(new Uri(elsewhere.BaseAddress, request.Path.Value!.TrimStart('/')).AbsoluteUri, permanent: false, preserveMethod: true));
        await using var gateway = KestrelGateway.Start(rabbitMq.ConnectionString);
        var message = KestrelGateway.Message(redirecting.BaseAddress.AbsoluteUri, $"conv-{Guid.NewGuid():N}");

        var response = await gateway.PostAsync(message.ToJsonString());
        // The turn is answered after the 200, by the gateway's turn worker.
        await redirecting.WaitForRequestAsync(_ => true);
        var logged = await LoggedAsync(gateway, log =>
            log.Message.Contains($"answered 307 (a redirect to {elsewhere.BaseAddress.GetLeftPart(UriPartial.Authority)})", StringComparison.Ordinal)
            && log.Message.Contains("redirects are not followed", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(redirecting.Requests);
        Assert.Empty(elsewhere.Requests);
        Assert.True(logged, "No log line said the connector answered 307 and that redirects are not followed.");
    }

    private static async Task<bool> LoggedAsync(KestrelGateway gateway, Func<Microsoft.Extensions.Logging.Testing.FakeLogRecord, bool> match)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!gateway.Logs.GetSnapshot().Any(match))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                return false;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
