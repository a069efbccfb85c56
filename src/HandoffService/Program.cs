using Handoff.HandoffService;
using Handoff.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHandoffRedemption();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
