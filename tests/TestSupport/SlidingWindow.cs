namespace Handoff.TestSupport;

/// <summary>How a rate limit is judged where the sends arrive: the most of them in any window of a given width.</summary>
public static class SlidingWindow
{
    /// <summary>The most of <paramref name="times"/> in any window of <paramref name="width"/> (each window starting at one of them).</summary>
    public static int MostIn(IEnumerable<TimeSpan> times, TimeSpan width)
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
