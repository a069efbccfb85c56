using Handoff.ReverseProxy.Destinations;
using Handoff.ReverseProxy.Forwarding;
using Handoff.ReverseProxy.Health;
using Handoff.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddReplicaHealthChecks();
builder.Services.AddServiceDiscoveryDestinations();
builder.Services.AddSingleton<UnreachableDestinationRetry>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy(proxy =>
{
    proxy.UseMiddleware<UnreachableDestinationRetry>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
