using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Handoff.BotGateway.Tests;

public sealed class BotIdentityOptionsTests
{
    [Fact]
    public void Without_an_app_id_development_mode_is_allowed_in_development()
    {
        Assert.True(Validate("Development", new BotIdentityOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Without_an_app_id_the_service_refuses_to_start_outside_development(string environment)
    {
        var result = Validate(environment, new BotIdentityOptions());

        Assert.True(result.Failed);
        Assert.Contains("MicrosoftAppId", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_app_id_without_token_validation_refuses_to_start_rather_than_accept_anything()
    {
        var result = Validate("Development", new BotIdentityOptions { MicrosoftAppId = "00000000-0000-0000-0000-000000000001" });

        Assert.True(result.Failed);
    }

    [Fact]
    public void A_user_without_an_aad_object_id_is_refused_outside_development_mode()
    {
        var activity = ActivityReader.Read(Activities.Bytes(Activities.HandoffAction.Replace("\"aadObjectId\": \"00000000-0000-0000-0000-0000000000a1\"", "\"name\": \"x\"", StringComparison.Ordinal))).Activity!;

        Assert.False(TeamsUser.TryResolve(activity, developmentMode: false, out _, out var error));
        Assert.Contains("aadObjectId", error, StringComparison.Ordinal);
        Assert.True(TeamsUser.TryResolve(activity, developmentMode: true, out var user, out _));
        Assert.Equal("dev:29:1abc", user.AadObjectId);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, BotIdentityOptions options) =>
        new BotIdentityOptionsValidator(new Environment(environment)).Validate(null, options);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "BotGateway";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
