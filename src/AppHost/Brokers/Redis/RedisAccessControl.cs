using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.Redis;

/// <summary>
/// A local redis-server's ACL users, written to an ACL file before each start: the operator (<see cref="OperatorName"/>,
/// the resource's own connection string) may do anything, and each service has its <see cref="RedisUser"/> with this
/// run's password. The default user has the operator's password and rights, as <c>requirepass</c> would make it (and as
/// the published StatefulSet does): Redis 7.0 replays the append-only file as the default user and re-checks its rights
/// at each EXEC, so a default user that may only PING made a restarted Redis drop every script's writes (ADR 0029).
/// </summary>
public sealed class RedisAccessControl(ParameterResource operatorPassword, IReadOnlyDictionary<string, ParameterResource> passwords)
{
    public const string OperatorName = "handoff-admin";

    public const string FileName = "users.acl";

    public ParameterResource OperatorPassword { get; } = operatorPassword;

    /// <summary>Each service user's password, by user name.</summary>
    public IReadOnlyDictionary<string, ParameterResource> Passwords { get; } = passwords;

    public static IReadOnlyList<string> Lines(string operatorPassword, IReadOnlyDictionary<string, string> passwords) =>
    [
        $"user default on >{operatorPassword} ~* &* +@all",
        $"user {OperatorName} on >{operatorPassword} ~* &* +@all",
        .. RedisUser.Services.Select(user => $"user {user.Name} {string.Join(' ', user.Rules(passwords[user.Name]))}"),
    ];

    /// <summary>Writes the file readable by its owner only: it holds this run's passwords.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (user, password) in Passwords)
        {
            passwords[user] = await ValueAsync(password, cancellationToken);
        }

        await File.WriteAllLinesAsync(path, Lines(await ValueAsync(OperatorPassword, cancellationToken), passwords), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public Task<string> OperatorPasswordAsync(CancellationToken cancellationToken) => ValueAsync(OperatorPassword, cancellationToken);

    private static async Task<string> ValueAsync(ParameterResource parameter, CancellationToken cancellationToken) =>
        await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"The parameter {parameter.Name} has no value.");
}
