using Handoff.ConversationState;
using Handoff.ConversationState.Api;
using Handoff.ConversationState.Authentication;
using Handoff.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConversationState();
builder.AddCallerAuthentication();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
var api = app.MapCallerApi();
api.MapHandoffContextEndpoints();
api.MapConversationEndpoints();
api.MapOutcomeDeliveryEndpoints();
api.MapUserEndpoints();
api.MapHandoffJournalEndpoints();

app.Run();

public partial class Program;
