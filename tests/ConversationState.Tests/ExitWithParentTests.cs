using System.Diagnostics;
using System.Globalization;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.Contracts;
using Handoff.ConversationState.Authentication;

namespace Handoff.ConversationState.Tests;

/// <summary>
/// The real thing behind <c>Hosting:ExitWithParent</c>: ConversationState started under a shell, as the AppHost starts
/// it under <c>dotnet run</c>, and the shell killed with SIGKILL. Redis is not needed to start, so none is given;
/// the caller keys are, or it refuses to start.
/// </summary>
public sealed class ExitWithParentTests
{
    [Fact]
    public async Task The_service_exits_when_the_process_that_started_it_is_killed()
    {
        Assert.True(OperatingSystem.IsLinux(), "Hosting:ExitWithParent watches /proc: this test needs Linux.");
        using var wrapper = Process.Start(new ProcessStartInfo("sh", ["-c", "dotnet ConversationState.dll & echo $!; wait"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            Environment =
            {
                ["Hosting__ExitWithParent"] = "true",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ConnectionStrings__redis"] = $"127.0.0.1:{LoopbackPorts.Free()}",
                [$"{CallerKeyOptions.SectionName}__Keys__{ResourceNames.BotGateway}"] = StateService.GatewayKey,
                [$"{CallerKeyOptions.SectionName}__Keys__{ResourceNames.HandoffService}"] = StateService.HandoffServiceKey,
            },
        })!;
        var service = int.Parse((await wrapper.StandardOutput.ReadLineAsync(Cancel))!, CultureInfo.InvariantCulture);
        try
        {
            // Killed before the service has read its parent, it would watch init instead: the AppHost's wrapper
            // lives as long as the service, so wait for the host to be up, however slow a loaded machine is.
            Assert.True(await StartedAsync(wrapper.StandardOutput, TimeSpan.FromSeconds(90)), "The service did not start within 90 s.");

            wrapper.Kill();
            await wrapper.WaitForExitAsync(Cancel);
            var clock = Stopwatch.StartNew();
            while (IsRunning(service) && clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100, Cancel);
            }

            Assert.False(IsRunning(service), $"The service outlived its killed parent by {clock.Elapsed.TotalSeconds:F0} s.");
        }
        finally
        {
            if (IsRunning(service))
            {
                Process.GetProcessById(service).Kill();
            }
        }
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<bool> StartedAsync(StreamReader output, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(limit);
        try
        {
            while (await output.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains("Application started", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
        {
        }

        return false;
    }

    /// <summary>Alive and not a zombie: an orphan that has exited waits as one until init reaps it.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
