using Handoff.TestSupport;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// What became of every click Teams saw acknowledged: delivered once, lost, or delivered twice. The Bot
/// Connector takes no idempotency key: a message it accepted just before a gateway was killed, and that the
/// gateway had not yet marked sent, is sent again by the redelivery. No design avoids that window, so those
/// are counted apart (<see cref="InFlightAtGatewayKill"/>); any other duplicate is <see cref="Doubled"/>. How many are in
/// flight is not bounded by the load's workers: a backlog of welcomes released just before a kill put 10 on the wire
/// within 27 ms, 15 ms before it (CrashRecoveryTests, CI of 2026-12-03).
/// </summary>
internal sealed record DeliveryAudit(int Acknowledged, int Refused, int DeliveredOnce, IReadOnlyList<string> Lost,
    IReadOnlyList<string> Doubled, IReadOnlyList<string> InFlightAtGatewayKill, IReadOnlyList<string> Details)
{
    public string Summary =>
        $"clicks acked {Acknowledged}, not acked {Refused}, outcomes delivered once {DeliveredOnce}, lost {Lost.Count}, doubled {Doubled.Count} " +
        $"(plus {InFlightAtGatewayKill.Count} sent twice because the connector had accepted them as a gateway was killed)";

    public static async Task<DeliveryAudit> RunAsync(RecordingConnector connector, HandoffLoad load, IReadOnlyCollection<DateTimeOffset> gatewayKills,
        CancellationToken cancellationToken)
    {
        var acknowledged = load.Acknowledged;
        var outcomes = await HandoffLoad.WaitForOutcomesAsync(connector, acknowledged.Keys.ToList(), TimeSpan.FromSeconds(180), cancellationToken);
        var lost = outcomes.Where(pair => pair.Value == 0).Select(pair => pair.Key).ToList();
        var doubledAll = outcomes.Where(pair => pair.Value > 1).Select(pair => pair.Key).ToList();
        var inFlight = doubledAll.Where(conversation =>
            connector.In(conversation).Where(HandoffLoad.IsOutcome).First().ReceivedAt is var firstCopy
            // A request already on the wire reaches the connector a moment after the sender died.
            && gatewayKills.Any(killedAt => firstCopy <= killedAt + TimeSpan.FromSeconds(1) && firstCopy >= killedAt - TimeSpan.FromSeconds(1))).ToList();
        var details = lost.Concat(doubledAll).Take(10).Select(conversation => $"{conversation} acked at {acknowledged[conversation]:HH:mm:ss.fff}: " +
            string.Join(" | ", connector.In(conversation).Select(activity => $"{activity.ReceivedAt:HH:mm:ss.fff} {activity.Type}:{activity.Text?[..Math.Min(40, activity.Text.Length)]}")))
            .Concat(load.Slow.Select(slow => $"past Teams' 15 s: {slow}")).ToList();
        return new DeliveryAudit(acknowledged.Count, load.Refused, outcomes.Values.Count(count => count == 1), lost,
            doubledAll.Except(inFlight).ToList(), inFlight, details);
    }
}
