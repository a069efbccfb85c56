using System.Text.Json.Nodes;
using Handoff.Contracts.Teams;

namespace Handoff.AppPackage;

/// <summary>
/// The Teams app manifest (PROTOCOL.md §6): the bot in personal scope, the message extension with the search
/// command Copilot calls (the constant the gateway handles), and the bot as a custom engine agent.
/// </summary>
public static class TeamsManifest
{
    public const string ManifestVersion = "1.22";
    public const string ColorIcon = "color.png";
    public const string OutlineIcon = "outline.png";

    public static JsonObject Create(AppPackageSettings settings)
    {
        // Handoff links open teams.microsoft.com; the configured domains are added to it.
        var domains = new JsonArray();
        foreach (var domain in settings.ValidDomains.Prepend("teams.microsoft.com").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            domains.Add(domain);
        }

        return new JsonObject
        {
            ["$schema"] = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
            ["manifestVersion"] = ManifestVersion,
            ["version"] = settings.Version,
            ["id"] = settings.TeamsAppId,
            ["developer"] = new JsonObject
            {
                ["name"] = settings.DeveloperName,
                ["websiteUrl"] = settings.WebsiteUrl,
                ["privacyUrl"] = settings.PrivacyUrl,
                ["termsOfUseUrl"] = settings.TermsOfUseUrl,
            },
            ["name"] = new JsonObject { ["short"] = settings.ShortName, ["full"] = $"{settings.ShortName}: continue Copilot tasks in chat" },
            ["description"] = new JsonObject
            {
                ["short"] = "Pick up in chat the task you started in Copilot.",
                ["full"] = "Ask Microsoft 365 Copilot for what you need, choose a result and continue in a chat with this bot: " +
                           "it carries over what you were doing, so you don't start from zero.",
            },
            ["icons"] = new JsonObject { ["color"] = ColorIcon, ["outline"] = OutlineIcon },
            ["accentColor"] = settings.AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = settings.BotAppId,
                ["scopes"] = new JsonArray("personal", "copilot"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
            }),
            ["composeExtensions"] = new JsonArray(new JsonObject
            {
                ["botId"] = settings.BotAppId,
                ["commands"] = new JsonArray(new JsonObject
                {
                    ["id"] = HandoffCommands.SearchCommandId,
                    ["type"] = "query",
                    ["title"] = "Continue in chat",
                    ["description"] = "Find a task to continue in a chat with the bot",
                    ["initialRun"] = false,
                    ["parameters"] = new JsonArray(new JsonObject
                    {
                        ["name"] = HandoffCommands.SearchParameterName,
                        ["title"] = "Request",
                        ["description"] = "What you want to get done",
                        ["inputType"] = "text",
                    }),
                }),
            }),
            ["copilotAgents"] = new JsonObject
            {
                ["customEngineAgents"] = new JsonArray(new JsonObject { ["id"] = settings.BotAppId, ["type"] = "bot" }),
            },
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = domains,
        };
    }
}
