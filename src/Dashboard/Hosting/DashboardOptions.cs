namespace Handoff.Dashboard.Hosting;

/// <summary>Where the dashboard listens and the secrets that guard it. Port 0 picks a free loopback port.</summary>
public sealed record DashboardOptions
{
    /// <summary>The browser UI; Aspire's standalone dashboard uses 18888.</summary>
    public int UiPort { get; init; } = 18888;

    public int OtlpGrpcPort { get; init; }

    public int OtlpHttpPort { get; init; }

    /// <summary>The token in the printed login link; the browser gets a cookie in exchange.</summary>
    public required string BrowserToken { get; init; }

    /// <summary>Every OTLP export must carry it in <c>x-otlp-api-key</c>.</summary>
    public required string OtlpApiKey { get; init; }
}
