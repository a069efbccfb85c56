using Handoff.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Handoff.AppHost.Tests;

/// <summary>
/// One <c>publish</c> run into a temporary folder, with a recognisable value for every secret parameter, so the
/// tests can read the manifests back and look for values that must never be written.
/// </summary>
public class PublishedDeployment : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> SecretValues = new Dictionary<string, string>
    {
        ["Parameters__microsoft-app-id"] = "secret-app-id-7d1f0c2e",
        ["Parameters__microsoft-app-password"] = "secret-app-password-5b9e",
        ["Parameters__microsoft-app-tenant-id"] = "secret-tenant-id-91aa",
        ["Parameters__microsoft-app-type"] = "SingleTenant-secret-sentinel",
        ["Parameters__admin-api-key"] = "secret-admin-api-key-0123456789abcdef0123456789",
        ["Parameters__state-encryption-key"] = "c2VjcmV0LWVuY3J5cHRpb24ta2V5LXNlbnRpbmVsLTAx",
        ["Parameters__redaction-pseudonym-key"] = "c2VjcmV0LXBzZXVkb255bS1rZXktc2VudGluZWwtMDI=",
        ["Parameters__state-caller-key-botgateway"] = "c2VjcmV0LWNhbGxlci1rZXktZ2F0ZXdheS0wMw==",
        ["Parameters__state-caller-key-handoffservice"] = "c2VjcmV0LWNhbGxlci1rZXktaGFuZG9mZi0wNA==",
        ["Parameters__redis-password"] = "5ec2e7a0redis0operator0password05",
        ["Parameters__redis-conversationstate-password"] = "5ec2e7a0redis0conversationstate06",
        ["Parameters__redis-botgateway-password"] = "5ec2e7a0redis0botgateway0password07",
        ["Parameters__rabbitmq-password"] = "5ec2e7a0rabbitmq0administrator008",
        ["Parameters__rabbitmq-botgateway-password"] = "5ec2e7a0rabbitmq0botgateway00009",
        ["Parameters__rabbitmq-handoffservice-password"] = "5ec2e7a0rabbitmq0handoffservice10",
    };

    public string Directory { get; } = TestDirectories.Create("publish");

    /// <summary>The AppHost's switches for this run, besides the output folder.</summary>
    protected virtual IReadOnlyList<string> Switches => [];

    public string Output { get; private set; } = "";

    public IReadOnlyList<Dictionary<object, object>> Objects { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var (exitCode, output, error) = await AppHostPublish.RunAsync(["publish", "--output", Directory, .. Switches], SecretValues);
        Assert.True(exitCode == 0, $"publish exited {exitCode}: {output}{error}");
        Output = output;
        Objects = System.IO.Directory.GetFiles(Path.Combine(Directory, "kubernetes"), "*.yaml")
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .SelectMany(file => ReadDocuments(File.ReadAllText(file)))
            .ToList();
    }

    public IEnumerable<string> AllFiles => System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories);

    public Dictionary<object, object> Find(string kind, string name) =>
        Assert.Single(Objects, item => (string)item["kind"] == kind && (string)((Dictionary<object, object>)item["metadata"])["name"] == name);

    public static IReadOnlyList<Dictionary<object, object>> ReadDocuments(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        }

        return documents;
    }

    public ValueTask DisposeAsync()
    {
        TestDirectories.Delete(Directory);
        return ValueTask.CompletedTask;
    }
}
