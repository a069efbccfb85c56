using Handoff.TestSupport;

[assembly: AssemblyFixture(typeof(RedisFixture))]
