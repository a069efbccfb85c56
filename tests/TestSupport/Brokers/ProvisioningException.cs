namespace Handoff.TestSupport.Brokers;

/// <summary>Infrastructure could not be started; the message says what to do about it.</summary>
public sealed class ProvisioningException(string message, Exception? inner = null) : Exception(message, inner);
