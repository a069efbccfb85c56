using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Handoff.ConversationState.Tests;

/// <summary>ConversationState in-process, in Development (its generated key ring), on the Redis the test names.</summary>
internal static class StateService
{
    public static WebApplicationFactory<Program> On(string redis, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            web.UseSetting("ConnectionStrings:redis", redis);
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
}
