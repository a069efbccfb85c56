using Handoff.BotGateway;
using Handoff.BotGateway.Agents;
using Handoff.Samples.TicketDesk.Conversation;
using Handoff.Samples.TicketDesk.Search;
using Handoff.Samples.TicketDesk.Tickets;
using Handoff.Samples.TicketDesk.Welcome;

var builder = WebApplication.CreateBuilder(args);

builder.AddHandoffGateway();
builder.Services.AddSingleton<TicketBook>();
builder.Services.AddHandoffSearch<TicketSearch>();
builder.Services.AddHandoffWelcome<TicketWelcome>();
builder.Services.AddConversationAgent<TicketAgent>();

var app = builder.Build();

app.MapHandoffGateway();

app.Run();

// Public for the team's tests (WebApplicationFactory<Program>); the gateway's own Program is internal, so there is one.
public partial class Program;
