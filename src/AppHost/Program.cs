using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Handoff.AppHost.Dashboard;
using Handoff.AppHost.Publishing;
using Handoff.Contracts;
using Handoff.Hosting.Orchestration;

var builder = DistributedApplicationBuilder.Create(args);
builder.AddDashboard();

var redis = builder.AddRedis(ResourceNames.Redis);
var rabbitmq = builder.AddRabbitMQ(ResourceNames.RabbitMq);

// Secrets: a local run generates a fresh key per run (as an Aspire secret parameter would) and leaves the bot
// registration and admin key unset (development mode, no admin API); published, each is a reference to the
// Secret the operator creates, never a value.
var encryptionKey = builder.AddParameter("state-encryption-key", secret: true,
    generate: () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
var appId = builder.AddParameter("microsoft-app-id", secret: true);
var appPassword = builder.AddParameter("microsoft-app-password", secret: true, optional: true);
var appTenantId = builder.AddParameter("microsoft-app-tenant-id", secret: true, optional: true);
var adminApiKey = builder.AddParameter("admin-api-key", secret: true, optional: true);
// One key for every replica of every service, so a user's pseudonym in the logs is the same wherever it is written.
var pseudonymKey = builder.AddParameter("redaction-pseudonym-key", secret: true,
    generate: () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

// Each service runs as N stateless replicas (`--replicas N`, default 1); Redis and RabbitMQ hold the state.
var replicas = builder.CountOption("--replicas", "AppHost:Replicas", 1, 1, 9);

var conversationState = builder.AddProject(ResourceNames.ConversationState, "ConversationState")
    .WithReplicas(replicas)
    .WithEnvironment("Redaction__PseudonymKey", pseudonymKey)
    .WithEnvironment("State__Encryption__Keys__apphost", encryptionKey)
    .WithEnvironment("State__Encryption__ActiveKeyId", "apphost")
    .WithReference(redis)
    .WaitFor(redis);

builder.AddProject(ResourceNames.HandoffService, "HandoffService")
    .WithReplicas(replicas)
    .WithEnvironment("Redaction__PseudonymKey", pseudonymKey)
    .WithReference(rabbitmq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState)
    .WithQueueDepthAutoscaling(EndpointNames.HandoffRequests);

var botGateway = builder.AddProject(ResourceNames.BotGateway, "BotGateway")
    .WithReplicas(replicas)
    .WithExternalHttpEndpoints()
    .WithEnvironment("Redaction__PseudonymKey", pseudonymKey)
    .WithEnvironment("MicrosoftAppId", appId)
    .WithEnvironment("MicrosoftAppPassword", appPassword)
    .WithEnvironment("MicrosoftAppTenantId", appTenantId)
    .WithEnvironment("Admin__ApiKey", adminApiKey)
    .WithReference(rabbitmq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState);

// Teams calls one address; the proxy spreads it over the gateway replicas. Published, a Kubernetes Service does that.
builder.AddYarp(ResourceNames.GatewayProxy)
    .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", 3978), host: "localhost")
    .WithExternalHttpEndpoints()
    .WithConfiguration(yarp => yarp.AddRoute(botGateway))
    .ExcludeFromManifest();

if (builder.ExecutionContext.IsPublishMode)
{
    return PublishCommand.Run(builder);
}

return await builder.Build().RunAsync();
