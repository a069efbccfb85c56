using Handoff.BotGateway.Handoff.Resumption;
using Handoff.ServiceDefaults.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.BotGateway.Tests;

/// <summary>The services' logging pipeline redacts by data classification.</summary>
public sealed class RedactionTests
{
    [Fact]
    public void User_identifiers_are_logged_as_stable_pseudonyms_and_secrets_not_at_all()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Redaction:PseudonymKey"] = "test-pseudonym-key";
        builder.Configuration["Logging:LogLevel:Default"] = "Debug";
        builder.AddHandoffRedaction();
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<RedactionTests>>();
        var correlationId = Guid.NewGuid();

        HandoffLog.Requested(logger, correlationId, "H7K2M-9QXDA", "00000000-0000-0000-0000-0000000000a1", "tenant-contoso");
        HandoffLog.Requested(logger, correlationId, "H7K2M-9QXDA", "00000000-0000-0000-0000-0000000000a1", "tenant-contoso");
        HandoffLog.Continuation(logger, correlationId, "lXfPbd7EwOOzBbcvm_19CzKWZ8YmEdpO5xN6SwCuzP8");
        var records = host.Services.GetFakeLogCollector().GetSnapshot();

        Assert.Equal(3, records.Count);
        Assert.DoesNotContain(records, record => record.Message.Contains("0000000000a1", StringComparison.Ordinal));
        Assert.DoesNotContain(records, record => record.Message.Contains("contoso", StringComparison.Ordinal));
        Assert.DoesNotContain(records, record => record.Message.Contains("lXfPbd7", StringComparison.Ordinal));
        Assert.Matches("requested by usr:[0-9a-f]{12} of tenant usr:[0-9a-f]{12}", records[0].Message);
        Assert.Equal(records[0].Message, records[1].Message);
        Assert.Contains("(ref H7K2M-9QXDA)", records[0].Message, StringComparison.Ordinal);
    }
}
