using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Handoff.AppHost.Dashboard;
using Handoff.Contracts;
using Handoff.Hosting.Orchestration;

var builder = DistributedApplicationBuilder.Create(args);
builder.AddDashboard();

var redis = builder.AddRedis(ResourceNames.Redis);
var rabbitmq = builder.AddRabbitMQ(ResourceNames.RabbitMq);

// A fresh key per run seals contexts at rest, as an Aspire secret parameter would; production supplies its own ring.
var conversationState = builder.AddProject(ResourceNames.ConversationState, "ConversationState")
    .WithEnvironment("State__Encryption__Keys__apphost", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
    .WithEnvironment("State__Encryption__ActiveKeyId", "apphost")
    .WithReference(redis)
    .WaitFor(redis);

builder.AddProject(ResourceNames.HandoffService, "HandoffService")
    .WithReference(rabbitmq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState);

builder.AddProject(ResourceNames.BotGateway, "BotGateway")
    .WithHttpEndpoint(port: builder.Configuration.GetValue("AppHost:GatewayPort", 3978), host: "localhost")
    .WithReference(rabbitmq)
    .WithReference(conversationState)
    .WaitFor(rabbitmq)
    .WaitFor(conversationState);

return await builder.Build().RunAsync();
