namespace Handoff.BotGateway.BotFramework.Connector.Pacing;

/// <summary>At most <paramref name="Sends"/> sends in any <paramref name="Width"/> (a sliding window, not a fixed one).</summary>
/// <param name="Name">How metrics name the window (<c>1s</c>, <c>3600s</c>).</param>
public sealed record SendWindow(int Sends, TimeSpan Width, string Name)
{
    public static SendWindow Of(int sends, TimeSpan documented, TimeSpan guard) =>
        new(sends, documented + guard, $"{documented.TotalSeconds:0}s");
}
