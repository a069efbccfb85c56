using Microsoft.Extensions.Configuration;

namespace Handoff.AppPackage;

/// <summary>What the manifest is generated from: the bot registration's app id (the standard key) and section <c>AppPackage</c>.</summary>
public sealed record AppPackageSettings(
    string BotAppId,
    string TeamsAppId,
    string Version,
    string ShortName,
    string DeveloperName,
    string WebsiteUrl,
    string PrivacyUrl,
    string TermsOfUseUrl,
    string AccentColor,
    IReadOnlyList<string> ValidDomains)
{
    public static AppPackageSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("AppPackage");
        var botAppId = configuration["MicrosoftAppId"] ?? "";
        return new AppPackageSettings(
            botAppId,
            section["TeamsAppId"] ?? (Guid.TryParse(botAppId, out var id) ? id.ToString() : ""),
            section["Version"] ?? "1.0.0",
            section["ShortName"] ?? "Handoff",
            section["DeveloperName"] ?? "Handoff",
            section["WebsiteUrl"] ?? "https://www.example.com/handoff",
            section["PrivacyUrl"] ?? "https://www.example.com/handoff/privacy",
            section["TermsOfUseUrl"] ?? "https://www.example.com/handoff/terms",
            section["AccentColor"] ?? "#5B5FC7",
            section.GetSection("ValidDomains").GetChildren().Select(child => child.Value).OfType<string>().ToList());
    }

    public List<string> Validate()
    {
        var problems = new List<string>();
        if (!Guid.TryParse(BotAppId, out _))
        {
            problems.Add($"MicrosoftAppId must be the bot registration's app id (a GUID); got '{BotAppId}'. Pass --MicrosoftAppId <guid>.");
        }

        if (!Guid.TryParse(TeamsAppId, out _))
        {
            problems.Add($"AppPackage:TeamsAppId must be a GUID; got '{TeamsAppId}'.");
        }

        foreach (var (key, url) in new[] { ("AppPackage:WebsiteUrl", WebsiteUrl), ("AppPackage:PrivacyUrl", PrivacyUrl), ("AppPackage:TermsOfUseUrl", TermsOfUseUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"{key} must be an https URL; got '{url}'.");
            }
        }

        return problems;
    }
}
