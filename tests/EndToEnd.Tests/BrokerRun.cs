using Handoff.TestSupport;
using Handoff.TestSupport.AppHost;
using Handoff.TestSupport.Processes;

namespace Handoff.EndToEnd.Tests;

/// <summary>
/// One broker test's AppHost (its brokers alone) with what the test keeps beside it: the resources' state changes, the
/// processes a stop must end, and the report lines, which go to the diagnostic message and <c>artifacts/{report}</c>
/// (with the AppHost's output) however the test ends.
/// </summary>
internal sealed class BrokerRun : IAsyncDisposable
{
    private readonly string _reportFile;

    private BrokerRun(AspireAppHost host, string reportFile, string[] arguments)
    {
        Host = host;
        _reportFile = reportFile;
        States = ResourceStateLog.Follow(host);
        Report.Add($"AppHost with {string.Join(' ', arguments)} (brokers only) ready in {host.StartupTime.TotalSeconds:F1} s");
    }

    public AspireAppHost Host { get; }

    public ResourceStateLog States { get; }

    public ProcessFootprint Processes { get; } = new();

    public List<string> Report { get; } = [];

    public string Summary => string.Join(Environment.NewLine, Report);

    public static async Task<BrokerRun> StartAsync(string reportFile, CancellationToken cancellationToken, params string[] arguments) =>
        new(await AspireAppHost.StartBrokersAsync(cancellationToken, arguments), reportFile, arguments);

    public async ValueTask DisposeAsync()
    {
        TestContext.Current.SendDiagnosticMessage(Summary);
        await TestReports.WriteAsync(_reportFile, [.. Report, "", "AppHost output:", Host.Output]);
        await States.DisposeAsync();
        await Host.DisposeAsync();
    }
}
