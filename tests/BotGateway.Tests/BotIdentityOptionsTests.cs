using Handoff.BotGateway.BotFramework.Activities;
using Handoff.BotGateway.BotFramework.Authentication;
using Handoff.BotGateway.BotFramework.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Handoff.BotGateway.Tests;

/// <summary>The bot registration's settings are checked at start; a wrong combination names the key to fix.</summary>
public sealed class BotIdentityOptionsTests
{
    private const string AppId = "00000000-0000-0000-0000-000000000001";
    private const string Tenant = "00000000-0000-0000-0000-0000000000aa";

    [Theory]
    [InlineData("SingleTenant", Tenant, null, Tenant)]
    [InlineData("", Tenant, null, Tenant)]
    [InlineData("MultiTenant", Tenant, null, null)]
    [InlineData("", null, Tenant, Tenant)]
    [InlineData("", null, "botframework.com", null)]
    [InlineData("", null, null, null)]
    public void The_registrations_own_tenant_comes_from_the_classic_or_the_agents_sdk_keys(string appType, string? classicTenant, string? connectionTenant, string? expected)
    {
        var options = new BotIdentityOptions { MicrosoftAppType = appType, MicrosoftAppTenantId = classicTenant };
        if (connectionTenant is not null)
        {
            options.Connections[BotIdentityOptions.ServiceConnectionName] = new AgentsConnection { Settings = new ServiceConnectionSettings { ClientId = AppId, TenantId = connectionTenant } };
        }

        Assert.Equal(expected, options.RegistrationTenantId);
    }

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
        AssertFailsNaming("MicrosoftAppId", Validate(environment, new BotIdentityOptions()));
    }

    [Theory]
    [InlineData("MultiTenant")]
    [InlineData("multitenant")]
    public void A_multi_tenant_registration_with_a_password_is_valid(string? type)
    {
        Assert.True(Validate("Production", new BotIdentityOptions { MicrosoftAppId = AppId, MicrosoftAppPassword = "s", MicrosoftAppType = type }).Succeeded);
    }

    [Fact]
    public void A_single_tenant_registration_with_password_and_tenant_is_valid()
    {
        Assert.True(Validate("Production", new BotIdentityOptions
        {
            MicrosoftAppId = AppId, MicrosoftAppPassword = "s", MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = Tenant,
        }).Succeeded);
    }

    [Fact]
    public void A_user_assigned_managed_identity_with_tenant_and_no_password_is_valid()
    {
        Assert.True(Validate("Production", new BotIdentityOptions
        {
            MicrosoftAppId = AppId, MicrosoftAppType = "UserAssignedMSI", MicrosoftAppTenantId = Tenant,
        }).Succeeded);
    }

    [Fact]
    public void A_single_tenant_registration_without_a_tenant_names_MicrosoftAppTenantId() =>
        AssertFailsNaming("MicrosoftAppTenantId", Validate("Production", new BotIdentityOptions
        {
            MicrosoftAppId = AppId, MicrosoftAppPassword = "s", MicrosoftAppType = "SingleTenant",
        }));

    [Fact]
    public void A_registration_without_a_password_names_MicrosoftAppPassword() =>
        AssertFailsNaming("MicrosoftAppPassword", Validate("Production", new BotIdentityOptions { MicrosoftAppId = AppId, MicrosoftAppTenantId = Tenant }));

    [Fact]
    public void An_empty_app_type_with_a_tenant_is_single_tenant()
    {
        var options = new BotIdentityOptions { MicrosoftAppId = AppId, MicrosoftAppPassword = "s", MicrosoftAppTenantId = Tenant };

        Assert.True(Validate("Production", options).Succeeded);
        Assert.Equal($"https://login.microsoftonline.com/{Tenant}", BotCredentialResolver.Resolve(options, [])!.Authority);
    }

    [Fact]
    public void An_empty_app_type_without_a_tenant_names_MicrosoftAppTenantId_and_how_to_say_MultiTenant()
    {
        var result = Validate("Production", new BotIdentityOptions { MicrosoftAppId = AppId, MicrosoftAppPassword = "s" });

        AssertFailsNaming("MicrosoftAppTenantId", result);
        Assert.Contains("MicrosoftAppType=MultiTenant", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_managed_identity_with_a_password_names_MicrosoftAppPassword() =>
        AssertFailsNaming("MicrosoftAppPassword", Validate("Production", new BotIdentityOptions
        {
            MicrosoftAppId = AppId, MicrosoftAppPassword = "s", MicrosoftAppType = "UserAssignedMSI", MicrosoftAppTenantId = Tenant,
        }));

    [Fact]
    public void An_unknown_app_type_names_MicrosoftAppType() =>
        AssertFailsNaming("MicrosoftAppType", Validate("Production", new BotIdentityOptions
        {
            MicrosoftAppId = AppId, MicrosoftAppPassword = "s", MicrosoftAppType = "FederatedThing",
        }));

    [Fact]
    public void A_password_without_an_app_id_names_MicrosoftAppId() =>
        AssertFailsNaming("MicrosoftAppId", Validate("Development", new BotIdentityOptions { MicrosoftAppPassword = "s" }));

    [Fact]
    public void A_plain_http_metadata_url_names_ToBotFromChannelOpenIdMetadataUrl() =>
        AssertFailsNaming("ToBotFromChannelOpenIdMetadataUrl", Validate("Production", new BotIdentityOptions
        {
            MicrosoftAppId = AppId, MicrosoftAppPassword = "s", ToBotFromChannelOpenIdMetadataUrl = "http://metadata.example.com/",
        }));

    [Fact]
    public void The_outbound_authority_follows_the_app_type()
    {
        Assert.Equal("https://login.microsoftonline.com/botframework.com", Authority(new BotIdentityOptions { MicrosoftAppType = "MultiTenant" }));
        Assert.Equal($"https://login.microsoftonline.com/{Tenant}", Authority(new BotIdentityOptions { MicrosoftAppType = "SingleTenant", MicrosoftAppTenantId = Tenant }));
        Assert.Equal("https://login.example/t", Authority(new BotIdentityOptions { MicrosoftAppType = "MultiTenant", ToChannelFromBotLoginUrl = "https://login.example/t/" }));

        static string Authority(BotIdentityOptions options)
        {
            options.MicrosoftAppId = AppId;
            options.MicrosoftAppPassword = "s";
            return BotCredentialResolver.Resolve(options, [])!.Authority;
        }
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

    private static void AssertFailsNaming(string key, ValidateOptionsResult result)
    {
        Assert.True(result.Failed, $"expected a failure naming {key}");
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(string environment, BotIdentityOptions options) =>
        new BotIdentityOptionsValidator(new Environment(environment)).Validate(null, options);

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "BotGateway";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
