using Microsoft.Extensions.Configuration;

namespace Handoff.AppPackage;

/// <summary>
/// The values for the template's <c>${{NAME}}</c> placeholders: first the toolkit environment file given with
/// <c>--env-file</c>, then our own keys, which win (<c>MicrosoftAppId</c> is the key the services read).
/// </summary>
public static class ManifestValues
{
    public const string BotId = "BOT_ID";
    public const string TeamsAppId = "TEAMS_APP_ID";
    public const string BotDomain = "BOT_DOMAIN";
    public const string NameSuffix = "APP_NAME_SUFFIX";

    /// <summary>Which configuration key sets which placeholder: the names a caller is told to fix.</summary>
    public static readonly IReadOnlyDictionary<string, string> ConfigurationKeys = new Dictionary<string, string>
    {
        [BotId] = "MicrosoftAppId",
        [TeamsAppId] = "AppPackage:TeamsAppId",
        [BotDomain] = "AppPackage:BotDomain",
        [NameSuffix] = "AppPackage:NameSuffix",
    };

    public static Dictionary<string, string> From(IConfiguration configuration)
    {
        var envFile = configuration["AppPackage:EnvFile"];
        var values = envFile is null ? new Dictionary<string, string>(StringComparer.Ordinal) : ToolkitEnvironmentFile.Read(envFile);
        foreach (var (placeholder, key) in ConfigurationKeys)
        {
            if (configuration[key] is { } value)
            {
                values[placeholder] = value;
            }
        }

        // As before the template: the Teams app id defaults to the bot's, and a production name has no suffix.
        if (string.IsNullOrEmpty(values.GetValueOrDefault(TeamsAppId)) && values.GetValueOrDefault(BotId) is { Length: > 0 } botId)
        {
            values[TeamsAppId] = botId;
        }

        values.TryAdd(NameSuffix, "");
        return values;
    }

    /// <summary>What is wrong with the values the template needs, each naming the key to set.</summary>
    public static List<string> Problems(IReadOnlyDictionary<string, string> values, IEnumerable<string> placeholders)
    {
        var problems = new List<string>();
        foreach (var placeholder in placeholders)
        {
            var value = values.GetValueOrDefault(placeholder);
            var setIt = ConfigurationKeys.TryGetValue(placeholder, out var key)
                ? $"pass --{key} or set {placeholder} in the --env-file"
                : $"set {placeholder} in the --env-file";
            if (value is null || (value.Length == 0 && placeholder != NameSuffix))
            {
                problems.Add($"The manifest template needs ${{{{{placeholder}}}}}: {setIt}.");
            }
            else if (placeholder is BotId or TeamsAppId && !Guid.TryParse(value, out _))
            {
                problems.Add($"{placeholder} must be a GUID (the app registration's client id); got '{value}': {setIt}.");
            }
            else if (placeholder == BotDomain && Uri.CheckHostName(value) != UriHostNameType.Dns)
            {
                problems.Add($"{placeholder} must be the bot's host name, without https:// or a path; got '{value}': {setIt}.");
            }
        }

        return problems;
    }
}
