using Google.Protobuf;

namespace Handoff.Dashboard.Otlp;

/// <summary>OTLP's wire forms of ids and times, as the dashboard's records hold them.</summary>
internal static class OtlpConvert
{
    private static readonly ulong MaxUnixNanos = (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Lowercase hex of an id of the expected length, or null when absent, mis-sized or all zeros (invalid per the spec).</summary>
    public static string? Id(ByteString bytes, int expectedLength)
    {
        var span = bytes.Span;
        return span.Length == expectedLength && span.ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(span) : null;
    }

    public static DateTimeOffset Time(ulong unixNanos) =>
        unixNanos >= MaxUnixNanos ? DateTimeOffset.MaxValue : DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));
}
