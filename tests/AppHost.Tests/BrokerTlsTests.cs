using Handoff.Contracts;
using static Handoff.AppHost.Tests.ManifestNodes;

namespace Handoff.AppHost.Tests;

/// <summary>A publish run with <c>--broker-tls true</c>.</summary>
public sealed class PublishedWithBrokerTls : PublishedDeployment
{
    protected override IReadOnlyList<string> Switches => ["--broker-tls", "true"];
}

/// <summary>
/// <c>--broker-tls true</c>: in the cluster Redis and RabbitMQ take only TLS with the operator's certificate, the services
/// connect with TLS and trust its CA, and the NetworkPolicies follow the ports.
/// </summary>
public sealed class BrokerTlsTests(PublishedWithBrokerTls deployment) : IClassFixture<PublishedWithBrokerTls>
{
    [Theory]
    [InlineData(ResourceNames.ConversationState, "redis:6379,ssl=true,user=conversationstate,password=$(REDIS_CONVERSATIONSTATE_PASSWORD)")]
    [InlineData(ResourceNames.BotGateway, "redis:6379,ssl=true,user=botgateway,password=$(REDIS_BOTGATEWAY_PASSWORD)")]
    public void The_services_connect_to_redis_with_tls(string service, string expected)
    {
        Assert.Equal(expected, Variable(service, "ConnectionStrings__redis"));
    }

    [Theory]
    [InlineData(ResourceNames.HandoffService, "amqps://handoffservice:$(RABBITMQ_HANDOFFSERVICE_PASSWORD)@rabbitmq:5671/")]
    [InlineData(ResourceNames.BotGateway, "amqps://botgateway:$(RABBITMQ_BOTGATEWAY_PASSWORD)@rabbitmq:5671/")]
    public void The_services_connect_to_rabbitmq_with_tls(string service, string expected)
    {
        Assert.Equal(expected, Variable(service, "ConnectionStrings__rabbitmq"));
    }

    [Fact]
    public void Redis_listens_only_with_tls_and_the_secrets_certificate()
    {
        var statefulSet = deployment.Find("StatefulSet", ResourceNames.Redis);
        var args = string.Join(' ', ((List<object>)Assert.Single(Containers(statefulSet))["args"]).Cast<string>());

        Assert.Contains("--port 0 --tls-port 6379 --tls-cert-file /etc/handoff/tls/tls.crt --tls-key-file /etc/handoff/tls/tls.key", args);
        AssertMountsTheBrokerSecret(statefulSet);
    }

    [Fact]
    public void RabbitMQ_listens_only_with_tls_on_5671_and_the_secrets_certificate()
    {
        var statefulSet = deployment.Find("StatefulSet", ResourceNames.RabbitMq);
        var config = (string)Get(deployment.Find("ConfigMap", "rabbitmq-definitions"), "data", "20-handoff.conf");

        Assert.Contains("listeners.tcp = none", config);
        Assert.Contains("listeners.ssl.default = 5671", config);
        Assert.Contains("ssl_options.keyfile = /etc/handoff/tls/tls.key", config);
        Assert.Equal("5671", Get(Assert.Single(List(Containers(statefulSet).First(), "ports")), "containerPort").ToString());
        Assert.Equal("5671", Get(Assert.Single(List(deployment.Find("Service", ResourceNames.RabbitMq), "spec", "ports")), "port").ToString());
        AssertMountsTheBrokerSecret(statefulSet);
    }

    [Theory]
    [InlineData(ResourceNames.ConversationState)]
    [InlineData(ResourceNames.HandoffService)]
    [InlineData(ResourceNames.BotGateway)]
    public void The_services_trust_the_broker_ca_beside_the_system_roots_and_never_see_its_key(string service)
    {
        var configMap = (Dictionary<object, object>)deployment.Find("ConfigMap", $"{service}-env")["data"];
        var volume = Assert.Single(List(deployment.Find("Deployment", service), "spec", "template", "spec", "volumes"), volume => (string)volume["name"] == "broker-ca");

        Assert.Equal("/etc/ssl/certs:/etc/handoff/broker-ca", configMap["SSL_CERT_DIR"]);
        Assert.Equal("handoff-broker-tls", Get(volume, "secret", "secretName"));
        Assert.Equal(["ca.crt"], List(volume, "secret", "items").Select(item => (string)item["key"]));
    }

    [Fact]
    public void The_network_policies_follow_the_tls_ports()
    {
        var rabbitmq = Assert.Single(List(deployment.Find("NetworkPolicy", ResourceNames.RabbitMq), "spec", "ingress"));

        Assert.Equal("5671", Get(Assert.Single(List(rabbitmq, "ports")), "port").ToString());
        Assert.Contains(List(deployment.Find("NetworkPolicy", ResourceNames.HandoffService), "spec", "egress"),
            rule => Get(Assert.Single(List(rule, "ports")), "port").ToString() == "5671");
    }

    [Fact]
    public async Task The_switch_is_refused_for_a_local_run()
    {
        var (exitCode, output, error) = await AppHostPublish.RunAsync(["--broker-tls", "true"], new Dictionary<string, string>());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--broker-tls applies to publish", output + error);
    }

    private static void AssertMountsTheBrokerSecret(Dictionary<object, object> statefulSet)
    {
        var volume = Assert.Single(List(statefulSet, "spec", "template", "spec", "volumes"), volume => (string)volume["name"] == "tls");
        Assert.Equal("handoff-broker-tls", Get(volume, "secret", "secretName"));
        Assert.Contains(List(Containers(statefulSet).First(), "volumeMounts"), mount => (string)mount["name"] == "tls" && (string)mount["mountPath"] == "/etc/handoff/tls");
    }

    private string Variable(string service, string name) =>
        (string)Get(Assert.Single(List(Assert.Single(Containers(deployment.Find("Deployment", service))), "env"), entry => (string)entry["name"] == name), "value");
}
