namespace Handoff.TestSupport.Brokers.Provisioning;

/// <summary>What <c>HANDOFF_PROVISIONING</c> asks for.</summary>
public enum ProvisioningMode
{
    /// <summary>Containers when a Docker engine answers, local processes otherwise.</summary>
    Auto,

    Local,

    Containers,
}
