using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Handoff.AppHost.Brokers.Provisioning;
using Handoff.AppHost.Services;

namespace Handoff.AppHost.Brokers.Redis;

public static class RedisUserExtensions
{
    /// <summary>
    /// Runs the server with Handoff's ACL users (<see cref="RedisAccessControl"/>), their passwords generated for each
    /// run (published: the Secret's): the file is written before each start and read with <c>--aclfile</c>.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> WithRedisUsers(this IResourceBuilder<RedisServerResource> server)
    {
        var builder = server.ApplicationBuilder;
        var users = new RedisAccessControl(
            builder.AddParameter($"{server.Resource.Name}-password", RandomKeyDefault.BrokerPassword(), secret: true).Resource,
            RedisUser.Services.ToDictionary(user => user.Name,
                user => builder.AddParameter(user.PasswordParameter, RandomKeyDefault.BrokerPassword(), secret: true).Resource));
        server.Resource.AccessControl = users;
        var file = Path.Combine(server.Resource.DataDirectory, RedisAccessControl.FileName);
        return server
            .WithArgs("--aclfile", file)
            .BeforeEachStart((_, _, cancellationToken) =>
            {
                Directory.CreateDirectory(server.Resource.DataDirectory);
                return users.WriteAsync(file, cancellationToken);
            });
    }

    /// <summary>Redis as <paramref name="user"/>'s service reaches it: with that user where the server has Handoff's users.</summary>
    public static IResourceBuilder<BrokerUserResource> UserFor(this IResourceBuilder<IResourceWithConnectionString> redis, RedisUser user)
    {
        var connectionString = redis.Resource is RedisServerResource { AccessControl: { } users } server
            ? ReferenceExpression.Create($"{server.Address},user={user.Name},password={users.Passwords[user.Name]}")
            : redis.Resource.ConnectionStringExpression;
        return redis.ApplicationBuilder.CreateResourceBuilder(
            new BrokerUserResource($"{redis.Resource.Name}-{user.Name}", redis.Resource, user.Name, connectionString));
    }
}
