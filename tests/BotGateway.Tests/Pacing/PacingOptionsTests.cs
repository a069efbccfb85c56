using Handoff.BotGateway.BotFramework.Connector;
using Handoff.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests.Pacing;

/// <summary>The pacing limits are validated options: a wrong value stops the gateway at start, naming the key.</summary>
public sealed class PacingOptionsTests
{
    [Theory]
    [InlineData("SendsPerSecondPerTenant", "0")]
    [InlineData("SendsPerSecondPerConversation", "-1")]
    [InlineData("SendsPerHourPerConversation", "0")]
    [InlineData("PacingGuard", "00:00:05")]
    [InlineData("ReplicaCount", "0")]
    public void A_limit_out_of_range_is_refused_naming_it(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { [$"Connector:{key}"] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_Teams_documented_limits()
    {
        var options = Options([]);

        Assert.Equal((50, 7, 8, 60, 1800), (options.SendsPerSecondPerTenant, options.SendsPerSecondPerConversation,
            options.SendsPer2SecondsPerConversation, options.SendsPer30SecondsPerConversation, options.SendsPerHourPerConversation));
    }

    private static ConnectorOptions Options(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddValidatedOptions<ConnectorOptions>(ConnectorOptions.SectionName);
        return services.BuildServiceProvider().GetRequiredService<IOptions<ConnectorOptions>>().Value;
    }
}
