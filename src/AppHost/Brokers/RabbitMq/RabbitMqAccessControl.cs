using Aspire.Hosting.ApplicationModel;

namespace Handoff.AppHost.Brokers.RabbitMq;

/// <summary>
/// A local RabbitMQ's users (<see cref="RabbitMqDefinitions"/>): the administrator, whose is the resource's own connection
/// string, and each service's <see cref="RabbitMqUser"/>, with this run's passwords.
/// </summary>
public sealed class RabbitMqAccessControl(ParameterResource administratorPassword, IReadOnlyDictionary<string, ParameterResource> passwords)
{
    public const string FileName = "definitions.json";

    public ParameterResource AdministratorPassword { get; } = administratorPassword;

    /// <summary>Each service user's password, by user name.</summary>
    public IReadOnlyDictionary<string, ParameterResource> Passwords { get; } = passwords;

    /// <summary>The definitions a node imports at boot, with this run's passwords.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RabbitMqDefinitions.AdministratorName] = await ValueAsync(AdministratorPassword, cancellationToken),
        };
        foreach (var (user, password) in Passwords)
        {
            values[user] = await ValueAsync(password, cancellationToken);
        }

        await RabbitMqDefinitions.WriteAsync(path, values, cancellationToken);
    }

    public ReferenceExpression ConnectionString(string hosts) =>
        ReferenceExpression.Create($"amqp://{RabbitMqDefinitions.AdministratorName}:{AdministratorPassword}@{hosts}/");

    public ReferenceExpression ConnectionString(string hosts, RabbitMqUser user) =>
        ReferenceExpression.Create($"amqp://{user.Name}:{Passwords[user.Name]}@{hosts}/");

    private static async Task<string> ValueAsync(ParameterResource parameter, CancellationToken cancellationToken) =>
        await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"The parameter {parameter.Name} has no value.");
}
