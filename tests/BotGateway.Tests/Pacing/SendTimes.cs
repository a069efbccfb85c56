namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>When sends went out, as the side that receives them saw it, and the most of them in any window.</summary>
internal static class SendTimes
{
    /// <summary>The most sends in any window of <paramref name="width"/> (sliding: starting at each send).</summary>
    public static int MostIn(IReadOnlyList<TimeSpan> times, TimeSpan width)
    {
        var sorted = times.Order().ToArray();
        var most = 0;
        var end = 0;
        for (var start = 0; start < sorted.Length; start++)
        {
            while (end < sorted.Length && sorted[end] - sorted[start] < width)
            {
                end++;
            }

            most = Math.Max(most, end - start);
        }

        return most;
    }
}
