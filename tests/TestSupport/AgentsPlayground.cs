using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Handoff.TestSupport.Brokers;
using Handoff.TestSupport.Processes;

using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Brokers.Redis;
using Handoff.AppHost.Brokers.RabbitMq;

namespace Handoff.TestSupport;

/// <summary>
/// Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>) pointed at our bot, driven
/// through the HTTP API behind its web UI (CLIENTS.md). It plays Teams: its own connector receives the
/// bot's replies, and its events recording shows them.
/// </summary>
public sealed partial class AgentsPlayground : IAsyncDisposable
{
    public const string BotId = "28:00000000-0000-0000-0000-00000000b0b0";
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string UserId = "29:alex";
    public const string UserAadObjectId = "00000000-0000-0000-0000-0000000000a1";
    public const string PersonalChatId = "a:handoff-playground-personal-chat";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ChildProcess _process;
    private readonly string _directory;

    private AgentsPlayground(ChildProcess process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<AgentsPlayground> StartAsync(Uri botEndpoint, CancellationToken cancellationToken)
    {
        await TeamsTools.EnsureInstalledAsync(cancellationToken);
        var directory = TestDirectories.Create("playground");
        await File.WriteAllTextAsync(Path.Combine(directory, ".m365agentsplayground.yml"), Config, cancellationToken);
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var cli = Path.Combine(TeamsTools.Directory, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        var process = ChildProcess.Start(new ChildProcessSpec("node",
            [cli, "-e", botEndpoint.AbsoluteUri, "-c", "msteams", "-p", LoopbackPorts.Free().ToString(), "--disable-telemetry", "--enable-events-recording"],
            new Dictionary<string, string> { ["TEAMSAPPTESTER_BROWSER"] = "none" }, directory), line =>
            {
                lock (output)
                {
                    output.Add(line);
                }

                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    listening.TrySetResult(int.Parse(match.Groups[1].Value));
                }
            });
        var started = await Task.WhenAny(listening.Task, process.Exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        if (started != listening.Task)
        {
            await process.DisposeAsync();
            var log = Path.Combine(directory, "devTools", "m365agentsplayground.log");
            throw new InvalidOperationException("The Agents Playground did not start: " + string.Join(Environment.NewLine, output)
                + (File.Exists(log) ? Environment.NewLine + string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(5)) : ""));
        }

        var playground = new AgentsPlayground(process, directory, new Uri($"http://127.0.0.1:{await listening.Task}/"));
        // The HTTP API answers a moment after the "Listening" line.
        await Readiness.WaitAsync("Agents Playground", async token =>
            (await Http.GetAsync(new Uri(playground.BaseAddress, "_internal/v1/config"), token)).IsSuccessStatusCode,
            process.Exited, TimeSpan.FromSeconds(30), cancellationToken);
        return playground;
    }

    /// <summary>The user types a message in the personal chat.</summary>
    public async Task SendMessageAsync(string text)
    {
        var response = await Http.PostAsJsonAsync(new Uri(BaseAddress, $"_conversation/v1/conversations/{Uri.EscapeDataString(PersonalChatId)}/messages"),
            new { from = new { id = UserId }, text, textFormat = "plain" });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The message-extension search, as the playground's "Search Command" sends it; returns the bot's invoke response.</summary>
    public async Task<JsonNode> SearchAsync(string commandId, string request)
    {
        var response = await Http.PostAsJsonAsync(new Uri(BaseAddress, "_conversation/v1/invoke"), new
        {
            name = "composeExtension/query",
            from = new { id = UserId },
            conversation = new { id = PersonalChatId },
            value = new
            {
                commandId,
                parameters = new[] { new { name = "request", value = request } },
                queryOptions = new { skip = 0, count = 10 },
                commandContext = "compose",
            },
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The playground's invoke answered {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!;
    }

    /// <summary>
    /// Plays Copilot, which the playground cannot (its searches are the compose box's): the search posted straight to
    /// the bot as Copilot sends it, from the playground's user in its personal chat, replies going to its connector.
    /// </summary>
    public async Task<JsonNode> CopilotSearchAsync(Uri botEndpoint, string commandId, string request)
    {
        var activity = await TemplateAsync();
        activity["type"] = "invoke";
        activity["name"] = "composeExtension/query";
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId }, ["source"] = new JsonObject { ["name"] = "copilot" } };
        activity["value"] = new JsonObject
        {
            ["commandId"] = commandId,
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "request", ["value"] = request }),
        };
        using var response = await Http.PostAsJsonAsync(botEndpoint, activity);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(body)! : throw new HttpRequestException($"The bot answered {(int)response.StatusCode}: {body}");
    }

    private async Task<JsonObject> TemplateAsync() => (await Http.GetFromJsonAsync<JsonObject>(new Uri(BaseAddress,
        $"_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(PersonalChatId)}")))!;

    /// <summary>Forwards an activity verbatim, starting from the playground's own template (its ids, serviceUrl, tenant).</summary>
    public async Task SendCustomActivityAsync(Action<JsonObject> shape)
    {
        var template = await TemplateAsync();
        template["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } };
        shape(template);
        var response = await Http.PostAsJsonAsync(new Uri(BaseAddress, "_internal/v1/customActivities"), template);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Texts the bot sent to the playground's connector, in order, from the events recording: each message's text,
    /// then the text blocks of its Adaptive Card (the welcome's next step is on its card).
    /// </summary>
    public IReadOnlyList<string> BotTexts() => Recording()
        .Where(entry => ((string?)entry["request"]?["url"])?.Contains("/_connector/v3/conversations/", StringComparison.Ordinal) == true)
        .SelectMany(entry => new[] { (string?)entry["request"]?["body"]?["text"] }.Concat(
            entry["request"]?["body"]?["attachments"]?[0]?["content"]?["body"] is JsonArray blocks ? blocks.Select(block => (string?)block?["text"]) : []))
        .OfType<string>()
        .ToList();

    /// <summary>HTTP statuses our bot answered the playground with, per activity name or type.</summary>
    public IReadOnlyList<(string Activity, int Status)> BotAnswers() => Recording()
        .Where(entry => ((string?)entry["direction"])?.EndsWith("-> User Application", StringComparison.Ordinal) == true)
        .Select(entry => ((string?)entry["activityName"] ?? "", (int?)entry["response"]?["statusCode"] ?? 0))
        .ToList();

    public async Task<string> WaitForBotTextAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (BotTexts().FirstOrDefault(match) is { } text)
            {
                return text;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The bot's reply did not reach the playground. It got: " + string.Join(" | ", BotTexts()));
    }

    /// <summary>
    /// Opens the playground's web page in headless Chromium (Debian's, installed on first use as the
    /// brokers are), types <paramref name="message"/> into the personal chat and waits for a reply containing
    /// <paramref name="expected"/>; the screenshot is saved either way.
    /// </summary>
    public async Task<string> TypeInBrowserAsync(string message, string expected, string screenshotPath, CancellationToken cancellationToken)
    {
        await DebianPackage.EnsureInstalledAsync("/usr/bin/chromium", "chromium", _ => { }, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(screenshotPath)!);
        var (exitCode, output) = await TeamsTools.RunAsync("node",
            ["playground-browser.js", BaseAddress.AbsoluteUri, message, expected, screenshotPath],
            TeamsTools.Directory, TimeSpan.FromMinutes(2), cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The browser did not see '{expected}' (screenshot {screenshotPath}): {output}");
        }

        return output;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        TestDirectories.Delete(_directory);
    }

    private List<JsonNode> Recording()
    {
        var entries = new List<JsonNode>();
        var folder = Path.Combine(_directory, "devTools");
        if (!System.IO.Directory.Exists(folder))
        {
            return entries;
        }

        foreach (var file in System.IO.Directory.GetFiles(folder, "events_recording_*.log"))
        {
            string text;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                text = reader.ReadToEnd();
            }

            foreach (var block in text.Split("\n---\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                try
                {
                    if (JsonNode.Parse(block) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
                catch (System.Text.Json.JsonException)
                {
                    // The last block may be half written.
                }
            }
        }

        return entries;
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>The playground's config: the bot, the current user and the five other users it requires, a fixed personal chat.</summary>
    private static string Config
    {
        get
        {
            var users = new[] { ("alex", "Alex", "Wilber", "a1"), ("megan", "Megan", "Bowen", "a2"), ("adele", "Adele", "Vance", "a3"),
                ("lee", "Lee", "Gu", "a4"), ("nestor", "Nestor", "Wilke", "a5"), ("patti", "Patti", "Fernandez", "a6") };
            var yaml = new System.Text.StringBuilder();
            yaml.AppendLine("version: \"0.1.1\"").AppendLine($"tenantId: {TenantId}")
                .AppendLine("bot:").AppendLine($"  id: \"{BotId}\"").AppendLine("  name: Handoff")
                .AppendLine("currentUser:");
            AppendUser(yaml, users[0], "  ");
            yaml.AppendLine("users:");
            foreach (var user in users[1..])
            {
                AppendUser(yaml, user, "  - ", "    ");
            }

            yaml.AppendLine("personalChat:").AppendLine($"  id: \"{PersonalChatId}\"")
                .AppendLine("groupChat:").AppendLine("  id: \"19:handoff-playground-group@thread.skype\"").AppendLine("  name: Group chat")
                .AppendLine("team:").AppendLine("  id: \"19:handoff-playground-team@thread.skype\"").AppendLine("  name: Team")
                .AppendLine("  aadGroupId: 00000000-0000-0000-0000-0000000000bb").AppendLine("  channels:")
                .AppendLine("    - id: \"19:handoff-playground-channel@thread.skype\"").AppendLine("      name: Channel");
            return yaml.ToString();
        }
    }

    private static void AppendUser(System.Text.StringBuilder yaml, (string Login, string Given, string Surname, string Suffix) user, string first, string? rest = null)
    {
        rest ??= first;
        yaml.AppendLine($"{first}id: \"29:{user.Login}\"")
            .AppendLine($"{rest}name: {user.Given} {user.Surname}")
            .AppendLine($"{rest}userPrincipleName: {user.Login}@contoso.onmicrosoft.com")
            .AppendLine($"{rest}aadObjectId: 00000000-0000-0000-0000-0000000000{user.Suffix}")
            .AppendLine($"{rest}givenName: {user.Given}")
            .AppendLine($"{rest}surname: {user.Surname}")
            .AppendLine($"{rest}email: {user.Login}@contoso.onmicrosoft.com");
    }
}
