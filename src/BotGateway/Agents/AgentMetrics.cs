using System.Diagnostics;
using System.Diagnostics.Metrics;
using Handoff.ServiceDefaults;

namespace Handoff.BotGateway.Agents;

/// <summary>
/// Conversation turns as metrics (meter <c>Handoff</c>): how long the gateway took to acknowledge a message, how long
/// the answer took, how turns ended (<c>answered</c>, or the failure's reason), and Teams' 👍/👎 on generated answers.
/// </summary>
public sealed class AgentMetrics
{
    private readonly Histogram<double> _ack;
    private readonly Histogram<double> _answer;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _feedback;

    public AgentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HandoffTelemetry.MeterName);
        _ack = meter.CreateHistogram<double>("handoff.turn.ack.duration", "s", "A user's message received to 200 answered.",
            advice: HandoffTelemetry.DurationAdvice);
        _answer = meter.CreateHistogram<double>("handoff.turn.answer.duration", "s", "A user's message received to its answer sent.",
            advice: HandoffTelemetry.DurationAdvice);
        _turns = meter.CreateCounter<long>("handoff.turns", "{turn}", "Conversation turns answered, by outcome: answered, or why not (timeout, busy, error).");
        _feedback = meter.CreateCounter<long>("handoff.agent.feedback", "{vote}", "Teams' feedback buttons on generated answers, by reaction (like, dislike).");
    }

    public void Acknowledged(TimeSpan elapsed) => _ack.Record(elapsed.TotalSeconds);

    public void Answered(TimeSpan sinceReceived, bool generative) =>
        Ended("answered", generative, sinceReceived);

    public void Failed(string reason, bool generative, TimeSpan sinceReceived) => Ended(reason, generative, sinceReceived);

    public void Feedback(string reaction) => _feedback.Add(1, new KeyValuePair<string, object?>("reaction", reaction));

    private void Ended(string outcome, bool generative, TimeSpan sinceReceived)
    {
        var tags = new TagList { { "outcome", outcome }, { "generative", generative } };
        _turns.Add(1, tags);
        _answer.Record(sinceReceived.TotalSeconds, tags);
    }
}
