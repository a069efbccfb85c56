using Handoff.Hosting.Orchestration;

namespace Handoff.Hosting.Tests;

/// <summary><c>WithReplicas(n)</c>: what the model turns into when it runs.</summary>
public sealed class ReplicaExpansionTests
{
    [Fact]
    public void A_replicated_project_runs_as_numbered_resources_on_ports_of_their_own_sharing_its_service_name()
    {
        var builder = DistributedApplicationBuilder.Create([]);
        builder.AddProject("state", "ConversationState").WithReplicas(3).WithEnvironment("Key", "value");

        var replicas = builder.Build().Resources.OfType<ProjectResource>().ToList();

        Assert.Equal(["state-0", "state-1", "state-2"], replicas.Select(replica => replica.Name));
        Assert.All(replicas, replica => Assert.Equal("state", replica.ServiceName));
        Assert.All(replicas, replica => Assert.Equal("value", replica.Environment["Key"]));
        Assert.Equal(3, replicas.Select(replica => replica.Port).Distinct().Count());
        Assert.Equal([0, 1, 2], replicas.Select(replica => replica.ReplicaIndex));
    }

    [Fact]
    public void Whatever_references_or_waits_for_a_replicated_project_gets_every_replica_in_service_discovery_form()
    {
        var builder = DistributedApplicationBuilder.Create([]);
        var state = builder.AddProject("state", "ConversationState").WithReplicas(2);
        builder.AddProject("gateway", "BotGateway").WithReference(state).WaitFor(state);

        var resources = builder.Build().Resources;
        var gateway = resources.OfType<ProjectResource>().Single(resource => resource.Name == "gateway");
        var replicas = resources.OfType<ProjectResource>().Where(resource => resource.ServiceName == "state").ToList();

        Assert.Equal(replicas, gateway.WaitsFor.Cast<ProjectResource>());
        var environment = gateway.References.SelectMany(reference => reference.ReferenceEnvironment).ToDictionary();
        Assert.Equal(new Dictionary<string, string>
        {
            ["services__state__http__0"] = $"http://127.0.0.1:{replicas[0].Port}",
            ["services__state__http__1"] = $"http://127.0.0.1:{replicas[1].Port}",
        }, environment);
    }

    [Fact]
    public void Each_replica_of_a_replicated_caller_gets_every_replica_of_a_replicated_callee()
    {
        var builder = DistributedApplicationBuilder.Create([]);
        var state = builder.AddProject("state", "ConversationState").WithReplicas(2);
        builder.AddProject("worker", "HandoffService").WithReplicas(2).WithReference(state);

        var resources = builder.Build().Resources.OfType<ProjectResource>().ToList();
        var states = resources.Where(resource => resource.ServiceName == "state").ToList();

        Assert.All(resources.Where(resource => resource.ServiceName == "worker"), worker =>
        {
            Assert.Equal(states, worker.WaitsFor.Cast<ProjectResource>());
            Assert.Equal(["services__state__http__0", "services__state__http__1"],
                worker.References.SelectMany(reference => reference.ReferenceEnvironment).Select(pair => pair.Key));
        });
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    [InlineData("two")]
    [InlineData("-1")]
    public void A_replica_count_out_of_range_stops_the_apphost_naming_the_option(string value)
    {
        var builder = DistributedApplicationBuilder.Create(["--replicas", value]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.CountOption("--replicas", "AppHost:Replicas", 1, 1, 9));
        Assert.Equal($"--replicas must be a whole number from 1 to 9 (got '{value}').", error.Message);
    }

    [Fact]
    public void One_replica_keeps_the_plain_name()
    {
        var builder = DistributedApplicationBuilder.Create([]);
        builder.AddProject("gateway", "BotGateway").WithReplicas(1);

        Assert.Equal("gateway", Assert.Single(builder.Build().Resources).Name);
    }

    [Fact]
    public void Replicas_cannot_share_a_fixed_port_and_the_error_says_to_put_a_proxy_in_front()
    {
        var builder = DistributedApplicationBuilder.Create([]);
        builder.AddProject("gateway", "BotGateway").WithHttpEndpoint(3978).WithReplicas(2);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Contains("fixed port 3978", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddYarp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yarp_route_names_the_service_and_the_proxy_is_given_every_replica()
    {
        var builder = DistributedApplicationBuilder.Create([]);
        var gateway = builder.AddProject("gateway", "BotGateway").WithReplicas(2);
        builder.AddYarp("proxy").WithHttpEndpoint(3978, "localhost").WithConfiguration(yarp => yarp.AddRoute(gateway));

        var proxy = builder.Build().Resources.OfType<ProjectResource>().Single(resource => resource.Name == "proxy");

        Assert.Equal("ReverseProxy", proxy.ProjectName);
        Assert.Equal("http://gateway", proxy.Environment["ReverseProxy__Clusters__gateway__Destinations__gateway__Address"]);
        Assert.Equal("{**catch-all}", proxy.Environment["ReverseProxy__Routes__gateway__Match__Path"]);
        Assert.Equal(["services__gateway__http__0", "services__gateway__http__1"],
            proxy.References.SelectMany(reference => reference.ReferenceEnvironment).Select(pair => pair.Key));
        Assert.Equal(2, proxy.WaitsFor.Count);
    }
}
