using Handoff.BotGateway;
using Handoff.BotGateway.Admin;
using Handoff.BotGateway.BotFramework;
using Handoff.BotGateway.Handoff.Delivery;
using Handoff.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBotFramework();
builder.AddHandoffInitiation();
builder.AddHandoffResumption();
builder.AddHandoffDelivery();
builder.AddConversationTurns();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapBotMessages();
app.MapAdminEndpoints();

app.Run();

public partial class Program;
