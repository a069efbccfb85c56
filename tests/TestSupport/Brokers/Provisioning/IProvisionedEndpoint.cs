namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>
/// A server some provisioner started for us, reachable on loopback. Local processes also implement
/// <see cref="IProvisionedServer"/>, which gives their PID to whoever needs it (the dashboard, crash tests).
/// </summary>
public interface IProvisionedEndpoint : IAsyncDisposable
{
    /// <summary>The form the services read from <c>ConnectionStrings__{name}</c>.</summary>
    string ConnectionString { get; }

    int Port { get; }

    /// <summary>Stops it gracefully; <see cref="IAsyncDisposable.DisposeAsync"/> then releases what is left.</summary>
    Task StopAsync();
}
