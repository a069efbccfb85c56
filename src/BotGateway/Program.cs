using Handoff.BotGateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddHandoffGateway();

var app = builder.Build();

app.MapHandoffGateway();

app.Run();

// No `public partial class Program`: the generated Program stays internal (its tests see it through InternalsVisibleTo),
// so a team's own project, which references this one and has a Program of its own, sees only its own (ADR 0025).
