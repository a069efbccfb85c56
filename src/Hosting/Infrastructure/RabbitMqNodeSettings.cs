namespace Handoff.Hosting.Infrastructure;

/// <summary>
/// Where one rabbitmq-server node lives: its Erlang node name, AMQP and distribution ports, the epmd it registers
/// with, its folder (config, data, logs), the HOME whose <c>.erlang.cookie</c> it shares with its peers, and any
/// extra <c>rabbitmq.conf</c> lines (cluster formation).
/// </summary>
public sealed record RabbitMqNodeSettings(
    string NodeName,
    string Directory,
    string Home,
    int Port,
    int DistributionPort,
    int EpmdPort,
    string ExtraConfig = "");
