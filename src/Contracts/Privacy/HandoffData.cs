using Microsoft.Extensions.Compliance.Classification;

namespace Handoff.Contracts.Privacy;

/// <summary>
/// How Handoff classifies what it handles, so logs and traces can redact by class: what users wrote,
/// who they are, and the secrets that let a handoff be redeemed.
/// </summary>
public static class HandoffData
{
    public const string TaxonomyName = "Handoff";

    /// <summary>What a user wrote: the Copilot request, chat turns, the task it became.</summary>
    public static DataClassification UserContent => new(TaxonomyName, nameof(UserContent));

    /// <summary>Who a user is: Entra object id, channel user id, tenant.</summary>
    public static DataClassification UserIdentifier => new(TaxonomyName, nameof(UserIdentifier));

    /// <summary>Bearer secrets: continuation tokens.</summary>
    public static DataClassification Secret => new(TaxonomyName, nameof(Secret));
}

/// <summary>What a user wrote; never logged in clear.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class UserContentAttribute() : DataClassificationAttribute(HandoffData.UserContent);

/// <summary>Who a user is; logged only as a pseudonym.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class UserIdentifierAttribute() : DataClassificationAttribute(HandoffData.UserIdentifier);

/// <summary>A bearer secret; never logged.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class SecretDataAttribute() : DataClassificationAttribute(HandoffData.Secret);
