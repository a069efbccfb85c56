using Handoff.Dashboard.Otlp;
using Handoff.Dashboard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Handoff.Dashboard.Tests.Otlp;

public sealed class OtlpIntakeOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_api_key_is_a_configuration_error_not_an_open_door(string apiKey)
    {
        using var services = new ServiceCollection().AddLogging().AddOtlpIntake(otlp => otlp.ApiKey = apiKey).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OtlpIntakeOptions>>().Value);
    }

    [Fact]
    public void The_intake_and_the_dashboard_pages_share_one_store()
    {
        using var services = new ServiceCollection().AddLogging().AddOtlpIntake().BuildServiceProvider();

        Assert.Same(services.GetRequiredService<TelemetryStore>(), services.GetRequiredService<ITelemetryStore>());
    }
}
