using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// A steady stream of handoffs as Teams sends them: workers that each query, click the first card (a new
/// conversation per click) and pause. Records which clicks Teams saw acknowledged (200), and when.
/// </summary>
internal sealed class HandoffLoad : IAsyncDisposable
{
    private static readonly TimeSpan TeamsTurnLimit = TimeSpan.FromSeconds(15);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;
    private int _refused;

    private HandoffLoad(Uri messagesEndpoint, Uri serviceUrl, string tenantId, int workers)
    {
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(messagesEndpoint, serviceUrl, tenantId), CancellationToken.None))];
    }

    /// <summary>Conversation → when its click was acknowledged.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Acknowledged { get; } = new();

    /// <summary>Queries or clicks that did not get a 200 (the user would have seen an error and tried again).</summary>
    public int Refused => _refused;

    /// <summary>
    /// Queries and clicks answered after Teams' 15 s, or not at all: Teams has shown the user an error by then,
    /// whatever the bot answers. One line each: what, when it was sent, how long, and the answer.
    /// </summary>
    public ConcurrentQueue<string> Slow { get; } = new();

    public static HandoffLoad Start(Uri messagesEndpoint, Uri serviceUrl, string tenantId, int workers = 4) =>
        new(messagesEndpoint, serviceUrl, tenantId, workers);

    public int AcknowledgedSince(DateTimeOffset since) => Acknowledged.Values.Count(at => at >= since);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Per acknowledged conversation, how many outcomes (a welcome or a refusal; not the delay notice) it got.</summary>
    public static async Task<Dictionary<string, int>> WaitForOutcomesAsync(RecordingConnector connector, IReadOnlyCollection<string> conversations, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var outcomes = conversations.ToDictionary(conversation => conversation, conversation => connector.In(conversation).Count(IsOutcome));
            if (outcomes.Values.All(count => count > 0) || clock.Elapsed > timeout)
            {
                // Give late duplicates a moment to show themselves.
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
                return conversations.ToDictionary(conversation => conversation, conversation => connector.In(conversation).Count(IsOutcome));
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public static bool IsOutcome(RecordedActivity activity) =>
        activity.Type == "message"
        && activity.Text is { } text
        && (text.StartsWith("Continuing from Copilot", StringComparison.Ordinal)
            || (!text.Contains("a service is slow right now", StringComparison.Ordinal)
                && !text.Contains(" of 4:", StringComparison.Ordinal)
                && !text.StartsWith("Your earlier task", StringComparison.Ordinal)
                && !text.Contains("helpful", StringComparison.OrdinalIgnoreCase)));

    /// <returns>The answer; null when none came before the client's timeout (which can fire after the load was told to stop).</returns>
    private async Task<HttpResponseMessage?> TimedAsync(string step, Func<Task<HttpResponseMessage>> send)
    {
        var sentAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            var response = await send();
            if (clock.Elapsed > TeamsTurnLimit)
            {
                Slow.Enqueue($"{step} sent at {sentAt:HH:mm:ss.fff}: {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s");
            }

            return response;
        }
        catch (TaskCanceledException timeout) when (timeout.InnerException is TimeoutException)
        {
            Slow.Enqueue($"{step} sent at {sentAt:HH:mm:ss.fff}: no answer within {clock.Elapsed.TotalSeconds:F1} s");
            return null;
        }
    }

    private async Task RunAsync(Uri messagesEndpoint, Uri serviceUrl, string tenantId)
    {
        while (!_stop.IsCancellationRequested)
        {
            var user = new TeamsChannel(messagesEndpoint, serviceUrl, tenantId);
            try
            {
                var query = await TimedAsync("query", () => user.CopilotQueryAsync("write my weekly status update"));
                if (query?.StatusCode == HttpStatusCode.OK)
                {
                    var cards = await TeamsChannel.CardsAsync(query);
                    var click = await TimedAsync("click", () => user.ClickAsync(cards[0].Token));
                    if (click?.StatusCode == HttpStatusCode.OK)
                    {
                        Acknowledged[user.ConversationId] = DateTimeOffset.UtcNow;
                    }
                    else
                    {
                        Interlocked.Increment(ref _refused);
                    }
                }
                else
                {
                    Interlocked.Increment(ref _refused);
                }
            }
            catch (HttpRequestException)
            {
                // Nobody answered: Teams would show the user an error, nothing was acknowledged.
                Interlocked.Increment(ref _refused);
            }
            catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _refused);
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
