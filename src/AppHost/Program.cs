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

var conversationState = builder.AddProject(ResourceNames.ConversationState, "ConversationState")
    .WithEnvironment("State__Encryption__Keys__apphost", encryptionKey)
    .WithEnvironment("State__Encryption__ActiveKeyId", "apphost")
    .WithReference(redis)
    .WaitFor(redis);

builder.AddProject(ResourceNames.HandoffService, "HandoffService")
    .WithReference(rabbitmq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState)
    .WithQueueDepthAutoscaling(EndpointNames.HandoffRequests);

builder.AddProject(ResourceNames.BotGateway, "BotGateway")
    .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", 3978), host: "localhost")
    .WithExternalHttpEndpoints()
    .WithEnvironment("MicrosoftAppId", appId)
    .WithEnvironment("MicrosoftAppPassword", appPassword)
    .WithEnvironment("MicrosoftAppTenantId", appTenantId)
    .WithEnvironment("Admin__ApiKey", adminApiKey)
    .WithReference(rabbitmq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState);

if (builder.ExecutionContext.IsPublishMode)
{
    return PublishCommand.Run(builder);
}

return await builder.Build().RunAsync();
