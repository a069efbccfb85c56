using Handoff.AppPackage;
using Microsoft.Extensions.Configuration;

// dotnet run --project src/AppPackage -- --MicrosoftAppId <bot app id> [--output appPackage.zip] [--AppPackage:ValidDomains:0 contoso.com]
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(args, new Dictionary<string, string> { ["--output"] = "AppPackage:Output" })
    .Build();

var settings = AppPackageSettings.From(configuration);
if (settings.Validate() is { Count: > 0 } problems)
{
    foreach (var problem in problems)
    {
        Console.Error.WriteLine(problem);
    }

    return 2;
}

var path = AppPackageWriter.Write(settings, configuration["AppPackage:Output"] ?? "appPackage.zip");
Console.WriteLine($"Wrote {path}: manifest.json (schema v{TeamsManifest.ManifestVersion}), color.png 192×192, outline.png 32×32.");
Console.WriteLine("Upload it in Teams: Apps → Manage your apps → Upload an app → Upload a custom app.");
return 0;
