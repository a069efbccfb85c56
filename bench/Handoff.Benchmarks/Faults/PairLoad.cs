using System.Diagnostics;
using System.Net;
using Handoff.Benchmarks.Load;

namespace Handoff.Benchmarks.Faults;

/// <summary>
/// A steady open-loop stream of Copilot query → card click pairs, one new user and conversation per pair,
/// until stopped: a pair starts on schedule whatever became of the ones before it (a crash does not slow
/// the users down). Every pair's fate is kept, to be matched with the faults' windows and the outcomes.
/// </summary>
public sealed class PairLoad(TeamsTraffic traffic, double ratePerSecond)
{
    private readonly List<PairRecord> _pairs = [];
    private readonly List<Task> _running = [];
    private Thread? _pacer;
    private volatile bool _stopping;

    public IReadOnlyList<PairRecord> Pairs
    {
        get
        {
            lock (_pairs)
            {
                return [.. _pairs];
            }
        }
    }

    public void Start(long origin)
    {
        var interval = Stopwatch.Frequency / ratePerSecond;
        var start = Stopwatch.GetTimestamp();
        _pacer = new Thread(() =>
        {
            for (long i = 0; !_stopping; i++)
            {
                var intended = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < intended)
                {
                    Thread.Sleep(1);
                }

                var record = new PairRecord(i, $"a:fault-click-{i}", intended - origin);
                lock (_pairs)
                {
                    _pairs.Add(record);
                    _running.Add(RunAsync(record, origin));
                }
            }
        }) { IsBackground = true, Name = "fault-load pacer", Priority = ThreadPriority.AboveNormal };
        _pacer.Start();
    }

    /// <summary>Stops starting pairs and waits for those under way to finish (each ends within the HTTP timeout).</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        await Task.Run(() => _pacer?.Join(), CancellationToken.None);
        Task[] running;
        lock (_pairs)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
    }

    private async Task RunAsync(PairRecord record, long origin)
    {
        try
        {
            var query = await traffic.QueryAsync(CancellationToken.None);
            if (query.Status != HttpStatusCode.OK || query.Tokens.Count == 0)
            {
                record.Fate = PairFate.QueryFailed;
                record.Detail = $"query {(int)query.Status}";
                return;
            }

            record.ClickSent = Stopwatch.GetTimestamp() - origin;
            record.Fate = PairFate.ClickInFlight;
            var status = await traffic.ClickAsync(new MintedToken(query.User, query.Tokens[0]), record.ConversationId, CancellationToken.None);
            record.ClickAnswered = Stopwatch.GetTimestamp() - origin;
            record.Fate = status == HttpStatusCode.OK ? PairFate.Acked : PairFate.Refused;
            record.Detail = $"click {(int)status}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
        {
            // Connection refused (the gateway is down) or no answer within the HTTP timeout: Teams shows the user an error.
            if (record.Fate == PairFate.ClickInFlight)
            {
                record.ClickAnswered = Stopwatch.GetTimestamp() - origin;
                record.Fate = exception is TaskCanceledException ? PairFate.TimedOut : PairFate.Refused;
                record.Detail = exception is TaskCanceledException ? "click timed out" : "click: " + Describe(exception);
            }
            else
            {
                record.Fate = PairFate.QueryFailed;
                record.Detail = exception is TaskCanceledException ? "query timed out" : "query: " + Describe(exception);
            }
        }
    }

    private static string Describe(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: var error } ? error.ToString() : exception.GetType().Name;
}

public enum PairFate
{
    Scheduled,
    QueryFailed,
    ClickInFlight,
    Acked,

    /// <summary>Answered with an error, or the connection failed.</summary>
    Refused,

    /// <summary>No answer within the HTTP timeout (Teams gives up on an invoke after about 15 s).</summary>
    TimedOut,
}

/// <summary>One user's query and click. Times are Stopwatch ticks since the run's origin.</summary>
public sealed class PairRecord(long index, string conversationId, long intended)
{
    public long Index { get; } = index;

    public string ConversationId { get; } = conversationId;

    public long Intended { get; } = intended;

    public long? ClickSent { get; set; }

    public long? ClickAnswered { get; set; }

    public PairFate Fate { get; set; }

    public string? Detail { get; set; }
}
