namespace Handoff.Hosting.Orchestration;

/// <summary>
/// Something said about a resource that only some consumers read (a publisher's scaling hints, say), as
/// Aspire's annotations are: running locally ignores what it does not understand.
/// </summary>
#pragma warning disable CA1040 // A marker, as Aspire's IResourceAnnotation is.
public interface IResourceAnnotation;
#pragma warning restore CA1040
