using System.Globalization;

namespace Handoff.Dashboard.Components.Shared;

/// <summary>How durations, times and numbers read on every page.</summary>
public static class Format
{
    public static string Duration(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1 => $"{duration.TotalMicroseconds.ToString("F0", CultureInfo.InvariantCulture)} µs",
        < 1000 => $"{duration.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms",
        < 60_000 => $"{duration.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s",
        _ => $"{(int)duration.TotalMinutes} min {duration.Seconds} s",
    };

    public static string Uptime(DateTimeOffset? since)
    {
        if (since is null)
        {
            return "–";
        }

        var up = DateTimeOffset.UtcNow - since.Value;
        return up.TotalSeconds < 60 ? $"{(int)up.TotalSeconds} s"
            : up.TotalMinutes < 60 ? $"{(int)up.TotalMinutes} min"
            : $"{(int)up.TotalHours} h {up.Minutes} min";
    }

    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Seconds(double? seconds) =>
        seconds is null ? "–" : Duration(TimeSpan.FromSeconds(seconds.Value));

    public static string Number(double value) =>
        value == Math.Floor(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("N2", CultureInfo.InvariantCulture);
}
