using Handoff.AppHost;
using Handoff.AppHost.Brokers;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.RabbitMq;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.CommandLine;
using Handoff.AppHost.Funnel;
using Handoff.AppHost.Publishing;
using Handoff.AppHost.Services;
using Handoff.Contracts;
using Handoff.Contracts.Clients;

var builder = DistributedApplication.CreateBuilder(AspireArguments.From(args));
var options = AppHostOptions.From(builder.Configuration);
builder.AddHandoffHosting();
builder.AddKubernetesPublishing();

var docker = await DockerEngine.ProbeAsync(builder.Configuration["DOCKER_HOST"]);
var brokers = new BrokerPlacement(docker.Answers, options.DataDirectory, docker.Reason);
var redis = builder.AddHandoffRedis(ResourceNames.Redis, options.RedisReplicas, brokers);
var rabbitmq = builder.AddHandoffRabbitMQ(ResourceNames.RabbitMq, options.RabbitMqNodes, brokers);
if (options.BrokerTls)
{
    // Published only: the local brokers listen on loopback (ADR 0017).
    BrokerTlsAnnotation.RequirePublishMode(builder.ExecutionContext);
    redis.WithClusterTls();
    rabbitmq.WithClusterTls();
}

// Secrets: a local run generates a fresh key per run and leaves the bot registration and admin key unset unless
// Parameters:{name} is configured (development mode, no admin API); published, each is a reference to a Secret.
var encryptionKey = builder.AddParameter("state-encryption-key", new RandomKeyDefault(), secret: true);
// One key for every replica of every service, so a user's pseudonym in the logs is the same wherever it is written.
var pseudonymKey = builder.AddParameter("redaction-pseudonym-key", new RandomKeyDefault(), secret: true);
var appId = builder.AddOptionalSecret("microsoft-app-id");
var appPassword = builder.AddOptionalSecret("microsoft-app-password");
var appTenantId = builder.AddOptionalSecret("microsoft-app-tenant-id");
// Not a secret, but part of the registration the Secret holds: SingleTenant, MultiTenant or UserAssignedMSI.
var appType = builder.AddOptionalSecret("microsoft-app-type");
var adminApiKey = builder.AddOptionalSecret("admin-api-key");
// Each caller of ConversationState has a key of its own, so it knows who calls and refuses anyone else (ADR 0017).
var gatewayStateKey = builder.AddParameter(CallerCredential.KeyParameter(ResourceNames.BotGateway), new RandomKeyDefault(), secret: true);
var handoffServiceStateKey = builder.AddParameter(CallerCredential.KeyParameter(ResourceNames.HandoffService), new RandomKeyDefault(), secret: true);

var conversationState = builder.AddProject<Projects.ConversationState>(ResourceNames.ConversationState)
    .WithHandoffDefaults(options.Replicas, options.Environment, pseudonymKey)
    .WithEnvironment("State__Encryption__Keys__apphost", encryptionKey)
    .WithEnvironment("State__Encryption__ActiveKeyId", "apphost")
    .WithEnvironment($"CallerAuthentication__Keys__{ResourceNames.BotGateway}", gatewayStateKey)
    .WithEnvironment($"CallerAuthentication__Keys__{ResourceNames.HandoffService}", handoffServiceStateKey)
    // Each service reaches a broker as its own user, with only the rights it needs (ADR 0017).
    .WithReference(redis.UserFor(RedisUser.ConversationState), ResourceNames.Redis)
    .WaitFor(redis);

builder.AddProject<Projects.HandoffService>(ResourceNames.HandoffService)
    .WithHandoffDefaults(options.Replicas, options.Environment, pseudonymKey)
    .WithEnvironment("ConversationState__CallerKey", handoffServiceStateKey)
    .WithReference(rabbitmq.UserFor(RabbitMqUser.HandoffService), ResourceNames.RabbitMq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState)
    .WithQueueDepthAutoscaling(EndpointNames.HandoffRequests);

// Teams calls one address: DCP's proxy on the bot port spreads it over the gateway replicas (a Kubernetes Service, published).
// The gateway itself, or a team's project built on it (--bot).
var gateway = builder.AddBotProject(options.Bot)
    .WithHandoffDefaults(options.Replicas, options.Environment, pseudonymKey, port: options.GatewayPort)
    .WithExternalHttpEndpoints()
    .WithBotEndpointUrl()
    .WithHandoffFunnel()
    .WithOptionalSecret("MicrosoftAppId", appId)
    .WithOptionalSecret("MicrosoftAppPassword", appPassword)
    .WithOptionalSecret("MicrosoftAppTenantId", appTenantId)
    .WithOptionalSecret("MicrosoftAppType", appType)
    .WithOptionalSecret("Admin__ApiKey", adminApiKey)
    .WithEnvironment("ConversationState__CallerKey", gatewayStateKey)
    // Redis shares the Bot Connector pacing between the replicas; the count is their share if it is unreachable.
    .WithEnvironment("Connector__ReplicaCount", options.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
    .WithReference(redis.UserFor(RedisUser.Gateway), ResourceNames.Redis)
    .WithReference(rabbitmq.UserFor(RabbitMqUser.Gateway), ResourceNames.RabbitMq)
    .WithReference(conversationState)
    .WaitFor(redis)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState);

// The chat model the gateway's agent answers with, only when one is configured (ConnectionStrings__chat=Endpoint=…;Key=…;Model=…):
// without it the gateway walks the handed-off steps itself and the first run needs nothing (docs/decisions/0024).
if (builder.Configuration[$"ConnectionStrings:{ResourceNames.Chat}"] is { Length: > 0 })
{
    gateway.WithReference(builder.AddConnectionString(ResourceNames.Chat));
}

builder.Build().Run();

// Internal, so that test projects referencing both the AppHost (through TestSupport) and a service see one Program.
internal partial class Program;
