using System.Net;
using System.Net.Sockets;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Brokers.Provisioning;
using Handoff.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport.Tests;

/// <summary>
/// HANDOFF_PROVISIONING and the Docker engine decide where Redis and RabbitMQ come from. The probe is the real
/// one: DOCKER_HOST points at a socket that does not exist, a loopback port that refuses, or a stand-in on loopback.
/// </summary>
public sealed class ProvisioningSelectorTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Auto_without_a_docker_socket_uses_local_processes_and_says_why()
    {
        var socket = MissingSocket();

        var decision = await DecideAsync(null, $"unix://{socket}");

        Assert.Equal(ProvisioningPath.LocalProcesses, decision.Path);
        Assert.Equal($"no Docker engine at unix://{socket}: {socket} does not exist", decision.Reason);
        Assert.Equal($"local redis-server/rabbitmq-server processes (no Docker engine at unix://{socket}: {socket} does not exist)", decision.Summary);
    }

    [Fact]
    public async Task Auto_with_a_docker_port_that_refuses_uses_local_processes_and_says_why()
    {
        var port = LoopbackPorts.Free();

        var decision = await DecideAsync("auto", $"tcp://127.0.0.1:{port}");

        Assert.Equal(ProvisioningPath.LocalProcesses, decision.Path);
        Assert.Equal($"no Docker engine at tcp://127.0.0.1:{port}: Connection refused", decision.Reason);
    }

    [Fact]
    public async Task Containers_without_an_engine_fail_with_one_line_that_names_the_endpoint_and_the_reason()
    {
        var socket = MissingSocket();

        var failure = await Assert.ThrowsAsync<ProvisioningException>(() => DecideAsync("containers", $"unix://{socket}"));

        Assert.Equal($"HANDOFF_PROVISIONING=containers but no Docker engine answers at unix://{socket}: {socket} does not exist", failure.Message);
    }

    [Fact]
    public async Task An_unknown_value_is_an_error_that_lists_the_valid_ones()
    {
        var failure = await Assert.ThrowsAsync<ProvisioningException>(() => DecideAsync("docker", null));

        Assert.Equal("HANDOFF_PROVISIONING=docker is not one of auto, local, containers.", failure.Message);
    }

    [Fact]
    public async Task Local_never_asks_docker()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var decision = await DecideAsync(" Local ", $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        Assert.Equal(new ProvisioningDecision(ProvisioningPath.LocalProcesses, "HANDOFF_PROVISIONING=local"), decision);
        Assert.False(listener.Pending(), "the selector connected to DOCKER_HOST");
    }

    [Fact]
    public async Task Auto_with_an_engine_that_answers_ping_chooses_containers_on_that_engine()
    {
        var (engine, address) = await LoopbackServer.StartAsync(app => app.MapGet("/_ping", (HttpResponse response) =>
        {
            response.Headers["Api-Version"] = "1.47";
            return Results.Text("OK");
        }));
        await using var _ = engine;
        var dockerHost = $"tcp://127.0.0.1:{address.Port}";

        var decision = await DecideAsync(null, dockerHost);

        Assert.Equal(ProvisioningPath.Containers, decision.Path);
        Assert.Equal(dockerHost, decision.DockerEndpoint);
        Assert.Equal($"HANDOFF_PROVISIONING=auto; the Docker engine at {dockerHost} answered /_ping (API 1.47)", decision.Reason);
    }

    [Fact]
    public async Task A_server_that_is_not_docker_is_not_taken_for_an_engine()
    {
        var (server, address) = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "hello"));
        await using var _ = server;

        var decision = await DecideAsync(null, $"tcp://127.0.0.1:{address.Port}");

        Assert.Equal(ProvisioningPath.LocalProcesses, decision.Path);
        Assert.EndsWith("answered /_ping with 404 \"\", not Docker's OK", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_on_another_machine_is_not_contacted()
    {
        var decision = await DecideAsync(null, "tcp://docker.example:2375");

        Assert.Equal(ProvisioningPath.LocalProcesses, decision.Path);
        Assert.Equal("no Docker engine at tcp://docker.example:2375: docker.example is not this machine's loopback, where the containers' ports would be published", decision.Reason);
    }

    private static Task<ProvisioningDecision> DecideAsync(string? setting, string? dockerHost) =>
        ProvisioningSelector.DecideAsync(setting, dockerHost, ProbeTimeout, TestContext.Current.CancellationToken);

    private static string MissingSocket() => Path.Combine(TestDirectories.Create("docker"), "docker.sock");
}
