using System.Text.Json;
using System.Text.Json.Nodes;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// The users a node imports at every boot (<c>load_definitions</c>): each service's (<see cref="RabbitMqUser"/>) and an
/// administrator for the operator, on the default virtual host. Importing again sets this run's passwords; the server
/// hashes them. A node that boots with definitions creates no default <c>guest</c>.
/// </summary>
public static class RabbitMqDefinitions
{
    public const string AdministratorName = "handoff-admin";

    /// <summary>The rabbitmq.conf line that imports <paramref name="path"/> at boot.</summary>
    public static string ConfigLine(string path) => $"load_definitions = {path}";

    /// <param name="passwords">Each user's password by user name, the administrator's included.</param>
    public static string Json(IReadOnlyDictionary<string, string> passwords)
    {
        var users = new JsonArray(new JsonObject
        {
            ["name"] = AdministratorName,
            ["password"] = passwords[AdministratorName],
            ["tags"] = "administrator",
        });
        var permissions = new JsonArray(new JsonObject
        {
            ["user"] = AdministratorName, ["vhost"] = "/", ["configure"] = ".*", ["write"] = ".*", ["read"] = ".*",
        });
        foreach (var user in RabbitMqUser.Services)
        {
            users.Add(new JsonObject { ["name"] = user.Name, ["password"] = passwords[user.Name], ["tags"] = "" });
            permissions.Add(new JsonObject
            {
                ["user"] = user.Name, ["vhost"] = "/", ["configure"] = user.Configure, ["write"] = user.Write, ["read"] = user.Read,
            });
        }

        return new JsonObject
        {
            ["users"] = users,
            ["vhosts"] = new JsonArray(new JsonObject { ["name"] = "/" }),
            ["permissions"] = permissions,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the file readable by its owner only: it holds this run's passwords.</summary>
    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, string> passwords, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Json(passwords), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
