using System.Text.Json;
using Handoff.AppPackage;
using Microsoft.Extensions.Configuration;

// From the repository root: dotnet run --project src/AppPackage -- --env-file env/.env.dev [--MicrosoftAppId <bot app id>]
//   [--AppPackage:BotDomain bot.contoso.com] [--template appPackage/manifest.json] [--output appPackage.zip]
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args, new Dictionary<string, string>
    {
        ["--env-file"] = "AppPackage:EnvFile",
        ["--template"] = "AppPackage:Template",
        ["--output"] = "AppPackage:Output",
    })
    .Build();

var templatePath = configuration["AppPackage:Template"] ?? Path.Combine("appPackage", "manifest.json");
if (!File.Exists(templatePath))
{
    Console.Error.WriteLine($"No manifest template at {Path.GetFullPath(templatePath)}: run from the repository root or pass --template <path to appPackage/manifest.json>.");
    return 2;
}

try
{
    var template = ManifestTemplate.Load(templatePath);
    var values = ManifestValues.From(configuration);
    if (ManifestValues.Problems(values, template.Placeholders()) is { Count: > 0 } problems)
    {
        problems.ForEach(Console.Error.WriteLine);
        return 2;
    }

    var path = AppPackageWriter.Write(template, values, configuration["AppPackage:Output"] ?? "appPackage.zip");
    Console.WriteLine($"Wrote {path}: manifest.json, {string.Join(", ", template.Files)}.");
    Console.WriteLine("Upload it in Teams: Apps → Manage your apps → Upload an app → Upload a custom app.");
    return 0;
}
catch (Exception exception) when (exception is IOException or JsonException or FormatException or InvalidOperationException)
{
    // A file the template names is missing, a file is not JSON or not NAME=value, or validDomains lists a Microsoft host.
    Console.Error.WriteLine(exception.Message);
    return 2;
}
