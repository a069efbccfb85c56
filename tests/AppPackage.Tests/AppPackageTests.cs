using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Handoff.Contracts.Teams;
using Handoff.TestSupport;

namespace Handoff.AppPackage.Tests;

public sealed class AppPackageTests : IDisposable
{
    private const string BotId = "00000000-0000-0000-0000-00000000b0b0";
    private readonly string _directory = TestDirectories.Create("app-package");

    public void Dispose() => TestDirectories.Delete(_directory);

    [Fact]
    public async Task The_generated_manifest_is_valid_against_the_official_schema()
    {
        var manifestPath = Path.Combine(_directory, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, TeamsManifest.Create(Settings()).ToJsonString(), TestContext.Current.CancellationToken);
        await TeamsTools.EnsureInstalledAsync(TestContext.Current.CancellationToken);

        var (exitCode, output) = await TeamsTools.RunAsync("node", ["validate-manifest.js", manifestPath], TeamsTools.Directory,
            TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output);
        Assert.Contains("manifest is valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_manifest_is_caught_by_the_schema_check()
    {
        var manifest = TeamsManifest.Create(Settings());
        manifest.Remove("bots");
        manifest["composeExtensions"]![0]!["commands"]![0]!["type"] = "not-a-type";
        var manifestPath = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString(), TestContext.Current.CancellationToken);
        await TeamsTools.EnsureInstalledAsync(TestContext.Current.CancellationToken);

        var (exitCode, output) = await TeamsTools.RunAsync("node", ["validate-manifest.js", manifestPath], TeamsTools.Directory,
            TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(1, exitCode);
        Assert.Contains("schema error", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_declares_the_bot_the_search_command_the_gateway_handles_and_the_custom_engine_agent()
    {
        var manifest = TeamsManifest.Create(Settings(["bot.contoso.com"]));

        var bot = manifest["bots"]![0]!;
        Assert.Equal(BotId, (string?)bot["botId"]);
        Assert.Contains("personal", bot["scopes"]!.AsArray().Select(scope => (string?)scope));
        var extension = manifest["composeExtensions"]![0]!;
        Assert.Equal(BotId, (string?)extension["botId"]);
        Assert.Equal(HandoffCommands.SearchCommandId, (string?)extension["commands"]![0]!["id"]);
        Assert.Equal(HandoffCommands.SearchParameterName, (string?)extension["commands"]![0]!["parameters"]![0]!["name"]);
        Assert.Equal(BotId, (string?)manifest["copilotAgents"]!["customEngineAgents"]![0]!["id"]);
        Assert.Equal(["teams.microsoft.com", "bot.contoso.com"], manifest["validDomains"]!.AsArray().Select(domain => (string?)domain));
        Assert.True(double.Parse((string)manifest["manifestVersion"]!, System.Globalization.CultureInfo.InvariantCulture) >= 1.21);
    }

    [Fact]
    public void The_package_holds_the_manifest_and_two_icons_of_the_required_sizes()
    {
        var path = AppPackageWriter.Write(Settings(), Path.Combine(_directory, "appPackage.zip"));

        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(entry => entry.FullName).Order());
        Assert.Equal((192, 192), PngSize(zip.GetEntry("color.png")!));
        Assert.Equal((32, 32), PngSize(zip.GetEntry("outline.png")!));
        using var manifest = zip.GetEntry("manifest.json")!.Open();
        var json = JsonNode.Parse(manifest)!;
        Assert.Equal("color.png", (string?)json["icons"]!["color"]);
        Assert.Equal("outline.png", (string?)json["icons"]!["outline"]);
    }

    [Fact]
    public void The_outline_icon_is_white_on_transparent()
    {
        var pixels = RgbaPixels(Icons.AppIcons.Outline(), 32, 32);

        Assert.All(pixels, pixel => Assert.True(pixel == (255, 255, 255, 255) || pixel.A == 0, $"pixel {pixel} is neither white nor transparent"));
        Assert.Contains(pixels, pixel => pixel.A == 255);
        Assert.Contains(pixels, pixel => pixel.A == 0);
    }

    [Fact]
    public void Settings_that_cannot_make_a_valid_package_are_refused_naming_the_key()
    {
        var problems = (Settings() with { BotAppId = "not-a-guid", PrivacyUrl = "http://insecure" }).Validate();

        Assert.Contains(problems, problem => problem.StartsWith("MicrosoftAppId", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("AppPackage:PrivacyUrl", StringComparison.Ordinal));
    }

    private static AppPackageSettings Settings(string[]? domains = null) => new(BotId, "6f0c3a44-1b7d-4a59-9a4c-2f2b1f0d9e11", "1.0.0", "Handoff",
        "Contoso", "https://contoso.com", "https://contoso.com/privacy", "https://contoso.com/terms", "#5B5FC7", domains ?? []);

    private static (int Width, int Height) PngSize(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(header, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    private static List<(byte R, byte G, byte B, byte A)> RgbaPixels(byte[] png, int width, int height)
    {
        // Our encoder writes one IDAT chunk with unfiltered rows; read it back the same way.
        var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        using var zlib = new ZLibStream(new MemoryStream(png, 41, length), CompressionMode.Decompress);
        var raw = new byte[height * (1 + (width * 4))];
        zlib.ReadExactly(raw);
        var pixels = new List<(byte, byte, byte, byte)>();
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 4));
            Assert.Equal(0, raw[row]);
            for (var x = 0; x < width; x++)
            {
                var i = row + 1 + (x * 4);
                pixels.Add((raw[i], raw[i + 1], raw[i + 2], raw[i + 3]));
            }
        }

        return pixels;
    }
}
