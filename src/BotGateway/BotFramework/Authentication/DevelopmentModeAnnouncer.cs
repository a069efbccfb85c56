using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.BotFramework.Authentication;

/// <summary>Says loudly at start that requests are not authenticated.</summary>
public sealed class DevelopmentModeAnnouncer(IOptions<BotIdentityOptions> identity, ILogger<DevelopmentModeAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (identity.Value.IsDevelopmentMode)
        {
            logger.LogWarning(
                "DEVELOPMENT MODE: MicrosoftAppId is not set. /api/messages accepts UNAUTHENTICATED requests and replies " +
                "are sent without a token. This is for the Agents Playground and the Emulator on this machine only.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
