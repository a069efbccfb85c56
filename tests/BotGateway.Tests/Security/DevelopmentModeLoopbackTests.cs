using System.Diagnostics;
using System.Net;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Security;

/// <summary>Development mode (no MicrosoftAppId) starts only on loopback: elsewhere it refuses, before binding, naming the key to set.</summary>
public sealed class DevelopmentModeLoopbackTests(RabbitMqFixture rabbitMq)
{
    [Theory]
    [InlineData("--urls", "http://0.0.0.0:{port}")]
    [InlineData("--urls", "http://*:{port}")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{port}")]
    public async Task The_gateway_in_development_mode_refuses_to_start_on_every_interface_and_says_why(string setting, string value)
    {
        var port = LoopbackPorts.Free();
        var (exitCode, output) = await RunGatewayAsync(setting, value.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("listens on loopback only", output, StringComparison.Ordinal);
        Assert.Contains("Set MicrosoftAppId", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Loopback_and_unix_sockets_are_allowed_in_development_mode_and_anything_goes_with_an_app_id()
    {
        var development = Kestrel(appId: null);
        development.Listen(IPAddress.Loopback, 0);
        development.Listen(IPAddress.IPv6Loopback, 0);
        development.ListenLocalhost(3978);
        development.ListenUnixSocket(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.sock"));
        Assert.Throws<InvalidOperationException>(() => development.ListenAnyIP(3978));
        Assert.Throws<InvalidOperationException>(() => development.Listen(IPAddress.Parse("192.0.2.1"), 3978));

        Kestrel(appId: "11111111-2222-3333-4444-555555555555").ListenAnyIP(3978);
    }

    private static KestrelServerOptions Kestrel(string? appId)
    {
        var kestrel = new KestrelServerOptions();
        new DevelopmentModeLoopback(Options.Create(new BotIdentityOptions { MicrosoftAppId = appId })).Configure(kestrel);
        return kestrel;
    }

    private async Task<(int ExitCode, string Output)> RunGatewayAsync(string setting, string value)
    {
        var start = new ProcessStartInfo("dotnet", setting.StartsWith("--", StringComparison.Ordinal) ? ["BotGateway.dll", setting, value] : ["BotGateway.dll"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings__rabbitmq"] = rabbitMq.ConnectionString,
                ["services__conversationstate__http__0"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
                [StateCallerKey.EnvironmentVariable] = StateCallerKey.Unchecked,
            },
        };
        if (!setting.StartsWith("--", StringComparison.Ordinal))
        {
            start.Environment[setting] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The gateway was still running after 90 s with {setting} {value}: it started on every interface.");
        }

        return (process.ExitCode, await output + await error);
    }
}
