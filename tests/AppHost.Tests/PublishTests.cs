using Handoff.Contracts;
using Handoff.TestSupport;
using static Handoff.AppHost.Tests.ManifestNodes;

namespace Handoff.AppHost.Tests;

public sealed class PublishTests(PublishedDeployment deployment) : IClassFixture<PublishedDeployment>
{
    private static readonly string[] Services = [ResourceNames.ConversationState, ResourceNames.HandoffService, ResourceNames.BotGateway];

    /// <summary>The variables each service reads for its endpoints, as the AppHost hands them over on loopback.</summary>
    public static TheoryData<string, string> EndpointVariables => new()
    {
        { ResourceNames.ConversationState, "ConnectionStrings__redis" },
        { ResourceNames.ConversationState, "OTEL_EXPORTER_OTLP_ENDPOINT" },
        { ResourceNames.HandoffService, "ConnectionStrings__rabbitmq" },
        { ResourceNames.HandoffService, "services__conversationstate__http__0" },
        { ResourceNames.HandoffService, "OTEL_EXPORTER_OTLP_ENDPOINT" },
        { ResourceNames.BotGateway, "ConnectionStrings__redis" },
        { ResourceNames.BotGateway, "ConnectionStrings__rabbitmq" },
        { ResourceNames.BotGateway, "services__conversationstate__http__0" },
        { ResourceNames.BotGateway, "OTEL_EXPORTER_OTLP_ENDPOINT" },
    };

    /// <summary>The secrets each service reads, by variable, and whether the service runs without it.</summary>
    public static TheoryData<string, string> SecretVariables => new()
    {
        { ResourceNames.ConversationState, "State__Encryption__Keys__apphost" },
        { ResourceNames.BotGateway, "MicrosoftAppId" },
        { ResourceNames.BotGateway, "MicrosoftAppPassword" },
        { ResourceNames.BotGateway, "MicrosoftAppTenantId" },
        { ResourceNames.BotGateway, "MicrosoftAppType" },
        { ResourceNames.BotGateway, "Admin__ApiKey" },
        { ResourceNames.ConversationState, "Redaction__PseudonymKey" },
        { ResourceNames.HandoffService, "Redaction__PseudonymKey" },
        { ResourceNames.BotGateway, "Redaction__PseudonymKey" },
        { ResourceNames.ConversationState, "CallerAuthentication__Keys__botgateway" },
        { ResourceNames.ConversationState, "CallerAuthentication__Keys__handoffservice" },
        { ResourceNames.BotGateway, "ConversationState__CallerKey" },
        { ResourceNames.HandoffService, "ConversationState__CallerKey" },
    };

    [Fact]
    public void Every_service_has_a_deployment_with_both_probes_and_resource_requests()
    {
        foreach (var service in Services)
        {
            Assert.Equal("2", Get(deployment.Find("Deployment", service), "spec", "replicas").ToString());
            var container = Container(service);
            Assert.Equal("/health", Get(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("/alive", Get(container, "livenessProbe", "httpGet", "path"));
            Assert.NotNull(Get(container, "resources", "requests", "cpu"));
            Assert.NotNull(Get(container, "resources", "requests", "memory"));
            Assert.NotNull(Get(container, "resources", "limits", "memory"));
            Assert.Equal("8080", Get(Assert.Single(List(container, "ports")), "containerPort").ToString());
            Assert.Equal($"{service}-env", Get(Assert.Single(List(container, "envFrom")), "configMapRef", "name"));
        }
    }

    [Fact]
    public void Every_service_has_a_service_on_port_80_and_an_autoscaler_on_cpu()
    {
        foreach (var service in Services)
        {
            var port = Assert.Single(List(deployment.Find("Service", service), "spec", "ports"));
            Assert.Equal("80", Get(port, "port").ToString());
            Assert.Equal("8080", Get(port, "targetPort").ToString());

            var autoscaler = deployment.Find("HorizontalPodAutoscaler", service);
            Assert.Equal(service, Get(autoscaler, "spec", "scaleTargetRef", "name"));
            Assert.Contains(List(autoscaler, "spec", "metrics"), metric => (string)Get(metric, "type") == "Resource" && (string)Get(metric, "resource", "name") == "cpu");
        }
    }

    [Fact]
    public void Every_service_runs_workstation_GC_in_the_cluster_as_it_does_locally()
    {
        foreach (var service in Services)
        {
            var configMap = (Dictionary<object, object>)deployment.Find("ConfigMap", $"{service}-env")["data"];
            Assert.Equal("0", configMap["DOTNET_gcServer"]);
        }
    }

    [Fact]
    public void HandoffService_also_scales_on_the_depth_of_its_queue()
    {
        var external = Assert.Single(List(deployment.Find("HorizontalPodAutoscaler", ResourceNames.HandoffService), "spec", "metrics"),
            metric => (string)Get(metric, "type") == "External");
        Assert.Equal("handoff.rabbitmq.queue.messages", Get(external, "external", "metric", "name"));
        Assert.Equal(EndpointNames.HandoffRequests, Get(external, "external", "metric", "selector", "matchLabels", "messaging.destination.name"));
        Assert.Contains("metrics adapter", File.ReadAllText(Path.Combine(deployment.Directory, "kubernetes", "handoffservice.yaml")));
    }

    [Fact]
    public void The_gateways_file_says_where_teams_calls_it()
    {
        var text = File.ReadAllText(Path.Combine(deployment.Directory, "kubernetes", "botgateway.yaml"));
        Assert.Contains("/api/messages", text);
        Assert.Contains("port 80 -> 8080", text);
    }

    [Theory]
    [MemberData(nameof(EndpointVariables))]
    public void Every_endpoint_variable_a_service_reads_is_set_to_an_in_cluster_address(string service, string variable)
    {
        var configMap = (Dictionary<object, object>)deployment.Find("ConfigMap", $"{service}-env")["data"];
        var value = configMap.TryGetValue(variable, out var fromConfigMap)
            ? (string)fromConfigMap
            : (string)Get(Assert.Single(List(Container(service), "env"), entry => (string)Get(entry, "name") == variable), "value");

        Assert.DoesNotContain("127.0.0.1", value);
        Assert.DoesNotContain("localhost", value);
        // Each service reaches each broker as its own user.
        var expected = variable switch
        {
            "ConnectionStrings__redis" => $"redis:6379,user={service},password=$(REDIS_{service.ToUpperInvariant()}_PASSWORD)",
            "ConnectionStrings__rabbitmq" => $"amqp://{service}:$(RABBITMQ_{service.ToUpperInvariant()}_PASSWORD)@rabbitmq:5672/",
            "services__conversationstate__http__0" => "http://conversationstate:80",
            _ => value,
        };
        Assert.Equal(expected, value);
        Assert.True(Uri.TryCreate(configMap["OTEL_EXPORTER_OTLP_ENDPOINT"].ToString(), UriKind.Absolute, out _));
    }

    [Theory]
    [MemberData(nameof(SecretVariables))]
    public void Every_secret_is_a_reference_to_the_operators_secret(string service, string variable)
    {
        var entry = Assert.Single(List(Container(service), "env"), entry => (string)Get(entry, "name") == variable);
        Assert.False(entry.ContainsKey("value"));
        Assert.Equal("handoff-secrets", Get(entry, "valueFrom", "secretKeyRef", "name"));
        var configMap = (Dictionary<object, object>)deployment.Find("ConfigMap", $"{service}-env")["data"];
        Assert.DoesNotContain(variable, configMap.Keys.Cast<string>());

        var key = (string)Get(entry, "valueFrom", "secretKeyRef", "key");
        Assert.Contains($"#   {key}", File.ReadAllText(Path.Combine(deployment.Directory, "kubernetes", "kustomization.yaml")));
    }

    [Fact]
    public void No_secret_value_appears_in_any_published_file()
    {
        var files = deployment.AllFiles.ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var secret in PublishedDeployment.SecretValues.Values)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{file} contains the secret value {secret}.");
            }
        }

        Assert.DoesNotContain(PublishedDeployment.SecretValues.Values, secret => deployment.Output.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(deployment.Objects, item => (string)item["kind"] == "Secret");
    }

    [Fact]
    public void Redis_and_RabbitMQ_run_as_stateful_sets_with_volumes_and_the_operators_credentials()
    {
        foreach (var broker in new[] { ResourceNames.Redis, ResourceNames.RabbitMq })
        {
            var statefulSet = deployment.Find("StatefulSet", broker);
            Assert.Equal("data", Get(Assert.Single(List(statefulSet, "spec", "volumeClaimTemplates")), "metadata", "name"));
            Assert.All(Containers(statefulSet).SelectMany(container => container.ContainsKey("env") ? List(container, "env") : []),
                entry => Assert.Equal("handoff-secrets", Get(entry, "valueFrom", "secretKeyRef", "name")));
            Assert.Equal("None", Get(deployment.Find("Service", broker), "spec", "clusterIP"));
        }

        // Kubernetes parses YAML 1.1: an unquoted yes would be a boolean, and the StatefulSet would be refused.
        Assert.Contains("- \"yes\"", File.ReadAllText(Path.Combine(deployment.Directory, "kubernetes", "redis.yaml")));
    }

    [Fact]
    public void Every_replica_of_every_service_reads_the_same_pseudonym_key()
    {
        var keys = Services.Select(service => (string)Get(Assert.Single(List(Container(service), "env"),
            entry => (string)Get(entry, "name") == "Redaction__PseudonymKey"), "valueFrom", "secretKeyRef", "key")).Distinct();

        Assert.Equal("redaction-pseudonym-key", Assert.Single(keys));
    }

    [Fact]
    public void Only_the_services_and_the_brokers_they_reference_are_published()
    {
        // The brokers' helpers (epmd, sentinels, the nodes of a set) are how the AppHost runs them on loopback, not services.
        string[] brokers = [ResourceNames.Redis, ResourceNames.RabbitMq];
        var expected = Services.Concat(Services.Select(service => $"{service}-env")).Concat(brokers)
            .Append("rabbitmq-definitions").Append("default-deny").Append("allow-dns").ToHashSet();
        Assert.All(deployment.Objects, item => Assert.Contains((string)Get(item, "metadata", "name"), expected));
        var files = Directory.GetFiles(Path.Combine(deployment.Directory, "kubernetes")).Select(Path.GetFileName);
        Assert.Equal(Services.Concat(brokers).Select(name => $"{name}.yaml").Append("network-policies.yaml").Append("kustomization.yaml").Order(), files.Order());
    }

    [Fact]
    public async Task A_sentinel_set_and_a_rabbitmq_cluster_publish_the_same_manifests_as_single_brokers()
    {
        // Locally a primary, replicas and sentinels, and three nodes with their epmd; in the cluster one StatefulSet each.
        var directory = TestDirectories.Create("publish-sets");
        try
        {
            var (exitCode, output, error) = await AppHostPublish.RunAsync(
                ["publish", "--output", directory, "--redis-replicas", "2", "--rabbitmq-nodes", "3"], PublishedDeployment.SecretValues);
            Assert.True(exitCode == 0, $"publish exited {exitCode}: {output}{error}");
            foreach (var file in Directory.GetFiles(Path.Combine(deployment.Directory, "kubernetes")))
            {
                Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(directory, "kubernetes", Path.GetFileName(file))));
            }

            Assert.Equal(Directory.GetFiles(Path.Combine(deployment.Directory, "kubernetes")).Length, Directory.GetFiles(Path.Combine(directory, "kubernetes")).Length);
        }
        finally
        {
            TestDirectories.Delete(directory);
        }
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_and_every_image()
    {
        var kustomization = Assert.Single(PublishedDeployment.ReadDocuments(File.ReadAllText(Path.Combine(deployment.Directory, "kubernetes", "kustomization.yaml"))));
        var listed = ((List<object>)kustomization["resources"]).Select(item => (string)item);
        var written = Directory.GetFiles(Path.Combine(deployment.Directory, "kubernetes"), "*.yaml").Select(Path.GetFileName).Where(name => name != "kustomization.yaml");
        Assert.Equal(written.Order(), listed.Order());
        var images = ((List<object>)kustomization["images"]).Cast<Dictionary<object, object>>().Select(image => (string)image["name"]);
        Assert.Equal(Services.Select(service => $"handoff/{service}").Order(), images.Order());
    }

    [Theory]
    [InlineData(ResourceNames.ConversationState, "ConversationState")]
    [InlineData(ResourceNames.HandoffService, "HandoffService")]
    [InlineData(ResourceNames.BotGateway, "BotGateway")]
    public void Each_dockerfile_builds_its_own_project_and_exposes_8080(string service, string project)
    {
        var dockerfile = Path.Combine(deployment.Directory, "docker", $"{service}.Dockerfile");
        var lines = File.ReadAllLines(dockerfile);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", lines);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime", lines);
        Assert.Contains($"RUN dotnet publish src/{project}/{project}.csproj -c Release --no-restore -o /app/publish", lines);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", lines);
        Assert.Contains("ENV ASPNETCORE_HTTP_PORTS=8080", lines);
        Assert.Contains("EXPOSE 8080", lines);
        Assert.Contains("USER $APP_UID", lines);
        var copies = lines.Where(line => line.StartsWith("COPY ", StringComparison.Ordinal)).ToList();
        Assert.Contains($"COPY src/{project}/ src/{project}/", copies);
        Assert.DoesNotContain(copies, line => line.Contains("src/AppHost", StringComparison.Ordinal) || line.Contains("tests/", StringComparison.Ordinal));

        // Every COPY source exists in the repository, the build context.
        var root = RepositoryRoot.Path;
        foreach (var source in copies.Where(line => !line.Contains("--from", StringComparison.Ordinal))
                     .SelectMany(line => line["COPY ".Length..].Split(' ')[..^1]))
        {
            Assert.True(File.Exists(Path.Combine(root, source)) || Directory.Exists(Path.Combine(root, source)), $"{dockerfile} copies {source}, which is not in the repository.");
        }

        var ignore = File.ReadAllLines(dockerfile + ".dockerignore");
        Assert.Contains("artifacts/", ignore);
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
    }

    [Fact]
    public async Task Publish_without_an_output_folder_fails_and_says_how_to_call_it()
    {
        var (exitCode, output, error) = await AppHostPublish.RunAsync(["publish"], new Dictionary<string, string>());

        Assert.Equal(2, exitCode);
        Assert.Contains("publish needs --output <folder>", error);
        Assert.Contains("dotnet run --project src/AppHost -- publish --output deploy/", error);
        Assert.DoesNotContain("Starting", output);
    }

    private Dictionary<object, object> Container(string service) =>
        Assert.Single(List(deployment.Find("Deployment", service), "spec", "template", "spec", "containers"));
}
