using System.Text.Json;
using System.Text.RegularExpressions;
using Handoff.Contracts;
using static Handoff.AppHost.Tests.ManifestNodes;

namespace Handoff.AppHost.Tests;

/// <summary>
/// What the published manifests allow inside the cluster, read back: who may connect to whom, how every pod runs,
/// which images, how much memory Redis may fill, and the users each service connects as.
/// </summary>
public sealed class ClusterSecurityTests(PublishedDeployment deployment) : IClassFixture<PublishedDeployment>
{
    private static readonly string[] Services = [ResourceNames.ConversationState, ResourceNames.HandoffService, ResourceNames.BotGateway];

    private static readonly string[] Brokers = [ResourceNames.Redis, ResourceNames.RabbitMq];

    private IEnumerable<Dictionary<object, object>> Workloads =>
        Services.Select(service => deployment.Find("Deployment", service)).Concat(Brokers.Select(broker => deployment.Find("StatefulSet", broker)));

    [Fact]
    public void A_default_deny_policy_covers_every_pod_in_both_directions()
    {
        var policy = deployment.Find("NetworkPolicy", "default-deny");

        Assert.Empty((Dictionary<object, object>)Get(policy, "spec", "podSelector"));
        Assert.Equal(["Ingress", "Egress"], ((List<object>)Get(policy, "spec", "policyTypes")).Cast<string>());
        Assert.False(((Dictionary<object, object>)policy["spec"]).ContainsKey("ingress"));
        Assert.False(((Dictionary<object, object>)policy["spec"]).ContainsKey("egress"));
    }

    [Fact]
    public void Every_pod_may_resolve_names_on_port_53_of_the_cluster_dns()
    {
        var policy = deployment.Find("NetworkPolicy", "allow-dns");

        Assert.Empty((Dictionary<object, object>)Get(policy, "spec", "podSelector"));
        var rule = Assert.Single(List(policy, "spec", "egress"));
        Assert.Equal("kube-dns", Get(Assert.Single(List(rule, "to")), "podSelector", "matchLabels", "k8s-app"));
        Assert.Equal(["53/UDP", "53/TCP"], List(rule, "ports").Select(port => $"{Get(port, "port")}/{Get(port, "protocol")}"));
    }

    [Fact]
    public void Only_the_gateway_takes_connections_from_outside_the_namespace_pods()
    {
        var open = Services.Concat(Brokers)
            .Where(name => List(deployment.Find("NetworkPolicy", name), "spec", "ingress").Any(rule => !rule.ContainsKey("from")));

        Assert.Equal([ResourceNames.BotGateway], open);
        var gateway = Assert.Single(List(deployment.Find("NetworkPolicy", ResourceNames.BotGateway), "spec", "ingress"));
        Assert.Equal("8080", Get(Assert.Single(List(gateway, "ports")), "port").ToString());
    }

    [Fact]
    public void ConversationState_takes_connections_only_from_the_gateway_and_HandoffService()
    {
        Assert.Equal([ResourceNames.BotGateway, ResourceNames.HandoffService], AllowedFrom(ResourceNames.ConversationState));
    }

    [Fact]
    public void HandoffService_takes_no_connection_from_any_pod()
    {
        Assert.Empty(List(deployment.Find("NetworkPolicy", ResourceNames.HandoffService), "spec", "ingress"));
    }

    [Theory]
    [InlineData(ResourceNames.Redis, new[] { ResourceNames.BotGateway, ResourceNames.ConversationState }, 6379)]
    [InlineData(ResourceNames.RabbitMq, new[] { ResourceNames.BotGateway, ResourceNames.HandoffService }, 5672)]
    public void Each_broker_takes_connections_only_from_the_services_that_use_it_and_makes_none(string broker, string[] users, int port)
    {
        var policy = deployment.Find("NetworkPolicy", broker);

        Assert.Equal(users, AllowedFrom(broker));
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), Get(Assert.Single(List(Assert.Single(List(policy, "spec", "ingress")), "ports")), "port").ToString());
        Assert.Empty(List(policy, "spec", "egress"));
    }

    [Theory]
    [InlineData(ResourceNames.ConversationState, new[] { "redis:6379" })]
    [InlineData(ResourceNames.HandoffService, new[] { "conversationstate:8080", "rabbitmq:5672" })]
    [InlineData(ResourceNames.BotGateway, new[] { "conversationstate:8080", "rabbitmq:5672", "redis:6379", "*:443" })]
    public void Each_service_may_connect_only_to_what_it_references_and_its_telemetry(string service, string[] targets)
    {
        var egress = List(deployment.Find("NetworkPolicy", service), "spec", "egress").Select(rule =>
            $"{(rule.ContainsKey("to") ? Get(Assert.Single(List(rule, "to")), "podSelector", "matchLabels", "app.kubernetes.io/name") : "*")}:{Get(Assert.Single(List(rule, "ports")), "port")}");

        Assert.Equal(targets.Append("*:4317").Order(StringComparer.Ordinal), egress.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_brokers_run_as_their_images_non_root_user_with_the_runtimes_seccomp_profile()
    {
        foreach (var broker in Brokers)
        {
            var pod = (Dictionary<object, object>)Get(deployment.Find("StatefulSet", broker), "spec", "template", "spec");
            Assert.True(bool.Parse(Get(pod, "securityContext", "runAsNonRoot").ToString()!));
            Assert.Equal("999", Get(pod, "securityContext", "runAsUser").ToString());
            Assert.Equal("RuntimeDefault", Get(pod, "securityContext", "seccompProfile", "type"));
        }
    }

    [Fact]
    public void Every_container_drops_every_capability_and_may_not_escalate()
    {
        foreach (var container in Workloads.SelectMany(Containers))
        {
            Assert.Equal(["ALL"], ((List<object>)Get(container, "securityContext", "capabilities", "drop")).Cast<string>());
            Assert.Equal("false", Get(container, "securityContext", "allowPrivilegeEscalation").ToString()!.ToLowerInvariant());
        }
    }

    [Fact]
    public void Every_container_has_a_read_only_root_filesystem_and_writes_only_to_its_volumes()
    {
        foreach (var workload in Workloads)
        {
            var volumes = List(workload, "spec", "template", "spec", "volumes").Select(volume => (string)volume["name"]).ToHashSet();
            if (Get(workload, "kind").Equals("StatefulSet"))
            {
                volumes.Add("data");
            }

            foreach (var container in Containers(workload))
            {
                Assert.Equal("true", Get(container, "securityContext", "readOnlyRootFilesystem").ToString()!.ToLowerInvariant());
                Assert.All(List(container, "volumeMounts"), mount => Assert.Contains((string)mount["name"], volumes));
            }

            Assert.Contains(List(Containers(workload).First(), "volumeMounts"), mount => (string)mount["mountPath"] == "/tmp");
        }
    }

    [Fact]
    public void No_pod_mounts_a_service_account_token()
    {
        Assert.All(Workloads, workload =>
            Assert.Equal("false", Get(workload, "spec", "template", "spec", "automountServiceAccountToken").ToString()!.ToLowerInvariant()));
    }

    [Fact]
    public void Every_broker_image_is_pinned_to_a_release()
    {
        foreach (var image in Brokers.SelectMany(broker => Containers(deployment.Find("StatefulSet", broker))).Select(container => (string)container["image"]))
        {
            Assert.Matches(new Regex(@"^[a-z0-9]+:\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$"), image);
        }
    }

    [Fact]
    public void Redis_refuses_writes_when_full_rather_than_evicting_and_its_limit_is_below_the_containers()
    {
        var container = Assert.Single(Containers(deployment.Find("StatefulSet", ResourceNames.Redis)));
        var args = ((List<object>)container["args"]).Cast<string>().ToList();

        Assert.Equal("noeviction", args[args.IndexOf("--maxmemory-policy") + 1]);
        var maxMemory = args[args.IndexOf("--maxmemory") + 1];
        Assert.Matches("^[0-9]+mb$", maxMemory);
        var limit = (string)Get(container, "resources", "limits", "memory");
        Assert.True(long.Parse(maxMemory[..^2]) * 1024 * 1024 < long.Parse(limit[..^2]) * 1024 * 1024 * 1024 * 9 / 10,
            $"maxmemory {maxMemory} leaves less than a tenth of the {limit} limit for Redis' overhead");
    }

    [Fact]
    public void Published_redis_fsyncs_each_write_to_its_append_only_file_before_answering_it()
    {
        var args = ((List<object>)Assert.Single(Containers(deployment.Find("StatefulSet", ResourceNames.Redis)))["args"]).Cast<string>().ToList();

        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("always", args[args.IndexOf("--appendfsync") + 1]);
    }

    [Fact]
    public void Redis_gives_each_service_a_user_for_its_own_keys_only()
    {
        var args = string.Join(' ', ((List<object>)Assert.Single(Containers(deployment.Find("StatefulSet", ResourceNames.Redis)))["args"]).Cast<string>());

        Assert.Contains("--user conversationstate on >$(REDIS_CONVERSATIONSTATE_PASSWORD) resetkeys ~handoff:{* ~handoff:#* ~handoff:delivery:*", args);
        Assert.Contains("--user botgateway on >$(REDIS_BOTGATEWAY_PASSWORD) resetkeys ~handoff:pacing:* ", args);
        Assert.Contains("-@dangerous", args);
        Assert.Contains("--requirepass $(REDIS_PASSWORD)", args);
    }

    [Fact]
    public void RabbitMQ_imports_a_user_per_service_that_may_publish_only_its_own_events()
    {
        var template = (string)Get(deployment.Find("ConfigMap", "rabbitmq-definitions"), "data", "definitions.json");
        using var definitions = JsonDocument.Parse(template);
        var permissions = definitions.RootElement.GetProperty("permissions").EnumerateArray()
            .ToDictionary(permission => permission.GetProperty("user").GetString()!, permission => permission.GetProperty("write").GetString()!);

        Assert.Matches(permissions[ResourceNames.BotGateway], "Handoff.Contracts.Events:HandoffRequested");
        Assert.DoesNotMatch(permissions[ResourceNames.BotGateway], "Handoff.Contracts.Events:HandoffContextRestored");
        Assert.Matches(permissions[ResourceNames.HandoffService], "Handoff.Contracts.Events:HandoffContextRestored");
        Assert.DoesNotMatch(permissions[ResourceNames.HandoffService], "Handoff.Contracts.Events:HandoffRequested");
        Assert.Equal(["@handoff-admin@", "@botgateway@", "@handoffservice@"],
            definitions.RootElement.GetProperty("users").EnumerateArray().Select(user => user.GetProperty("password").GetString()));
        var writer = Assert.Single(List(deployment.Find("StatefulSet", ResourceNames.RabbitMq), "spec", "template", "spec", "initContainers"));
        Assert.Contains("s/@botgateway@/${RABBITMQ_BOTGATEWAY_PASSWORD}/", string.Join(' ', ((List<object>)writer["command"]).Cast<string>()));
    }

    [Fact]
    public void The_definitions_with_the_passwords_stay_in_memory()
    {
        var volumes = List(deployment.Find("StatefulSet", ResourceNames.RabbitMq), "spec", "template", "spec", "volumes");

        Assert.Equal("Memory", Get(Assert.Single(volumes, volume => (string)volume["name"] == "definitions"), "emptyDir", "medium"));
    }

    [Theory]
    [InlineData(ResourceNames.BotGateway)]
    [InlineData(ResourceNames.HandoffService)]
    public void Each_caller_of_ConversationState_sends_the_key_ConversationState_knows_it_by(string caller)
    {
        var sent = SecretKeyOf(caller, "ConversationState__CallerKey");
        var known = SecretKeyOf(ResourceNames.ConversationState, $"CallerAuthentication__Keys__{caller}");

        Assert.Equal($"state-caller-key-{caller}", sent);
        Assert.Equal(sent, known);
    }

    private List<string> AllowedFrom(string name) =>
        [.. List(Assert.Single(List(deployment.Find("NetworkPolicy", name), "spec", "ingress")), "from")
            .Select(source => (string)Get(source, "podSelector", "matchLabels", "app.kubernetes.io/name"))
            .Order(StringComparer.Ordinal)];

    private string SecretKeyOf(string service, string variable) =>
        (string)Get(Assert.Single(List(Assert.Single(Containers(deployment.Find("Deployment", service))), "env"),
            entry => (string)entry["name"] == variable), "valueFrom", "secretKeyRef", "key");
}
