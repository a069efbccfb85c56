using Handoff.TestSupport;

[assembly: AssemblyFixture(typeof(RabbitMqFixture))]
