using System.Diagnostics;
using System.Net;
using Handoff.Dashboard.Hosting;
using Handoff.Dashboard.Resources;
using Handoff.Dashboard.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Handoff.Dashboard.Tests.Hosting;

/// <summary>The dashboard as the AppHost hosts it: browser-token login, pages behind it, OTLP on its own ports only.</summary>
public sealed class DashboardWebApplicationTests : IAsyncLifetime
{
    private const string BrowserToken = "browser-token-for-tests";
    private DashboardWebApplication _dashboard = null!;

    public async ValueTask InitializeAsync() =>
        _dashboard = await DashboardWebApplication.StartAsync(
            new DashboardOptions { UiPort = 0, BrowserToken = BrowserToken, OtlpApiKey = "otlp-key-for-tests" },
            new NoResources(),
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task A_page_without_the_login_cookie_redirects_to_the_login()
    {
        using var http = Browser(out _);

        using var response = await http.GetAsync(_dashboard.Endpoints.Ui, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_browser_token_is_401_with_a_form_and_no_cookie()
    {
        using var http = Browser(out var cookies);

        using var response = await http.GetAsync(new Uri(_dashboard.Endpoints.Ui, "/login?t=not-the-token"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not the one this AppHost printed", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(cookies.GetCookies(_dashboard.Endpoints.Ui));
    }

    [Fact]
    public async Task The_printed_login_link_earns_a_cookie_that_opens_every_page()
    {
        using var http = Browser(out _);

        using var login = await http.GetAsync(_dashboard.Endpoints.LoginLink, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.OriginalString);

        foreach (var (path, heading) in new[] { ("/", "Resources"), ("/consolelogs", "Console logs"), ("/structuredlogs", "Structured logs"), ("/traces", "Traces"), ("/metrics", "Metrics"), ("/handoff", "Handoff") })
        {
            using var page = await http.GetAsync(new Uri(_dashboard.Endpoints.Ui, path), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"<h1>{heading}</h1>", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_login_return_url_off_the_site_is_ignored()
    {
        using var http = Browser(out _);

        using var login = await http.GetAsync(new Uri(_dashboard.Endpoints.Ui, $"/login?t={BrowserToken}&returnUrl=//evil.example/"), TestContext.Current.CancellationToken);

        Assert.Equal("/", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_service_exporting_with_the_environment_the_apphost_hands_out_lands_in_the_store()
    {
        var environment = _dashboard.Endpoints.ServiceEnvironment;
        using var source = new ActivitySource("dashboard-hosting-test");
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("handoffservice"))
            .AddSource(source.Name)
            .AddOtlpExporter(options =>
            {
                options.Endpoint = new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
                options.Protocol = OtlpExportProtocol.Grpc;
                options.Headers = environment["OTEL_EXPORTER_OTLP_HEADERS"];
            })
            .Build())
        {
            source.StartActivity("redeem")!.Dispose();
            tracing.ForceFlush();
        }

        var store = _dashboard.Services.GetRequiredService<ITelemetryStore>();
        Assert.Contains(store.GetTraces(new TraceQuery()), trace => trace.RootName == "redeem" && trace.RootResource == "handoffservice");
    }

    [Fact]
    public async Task The_otlp_http_intake_is_not_served_on_the_browser_port()
    {
        using var http = Browser(out _);

        using var response = await http.PostAsync(new Uri(_dashboard.Endpoints.Ui, "/v1/traces"), new ByteArrayContent([]), TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Redirect or HttpStatusCode.MethodNotAllowed, response.StatusCode.ToString());
    }

    private static HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true });
    }

    private sealed class NoResources : IResourceService
    {
        public event Action? Changed { add { } remove { } }

        public event Action<string, ConsoleLogLine>? ConsoleLineAdded { add { } remove { } }

        public IReadOnlyList<ResourceView> GetResources() => [];

        public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName) => [];

        public Task RestartAsync(string resourceName, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
