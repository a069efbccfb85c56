using Handoff.ConversationState;
using Handoff.ConversationState.Api;
using Handoff.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConversationState();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapHandoffContextEndpoints();
app.MapConversationEndpoints();
app.MapOutcomeDeliveryEndpoints();
app.MapUserEndpoints();
app.MapHandoffJournalEndpoints();

app.Run();

public partial class Program;
