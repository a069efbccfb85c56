using System.Security.Cryptography;
using System.Text;
using Handoff.Contracts.Privacy;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.ServiceDefaults.Redaction;

public static class RedactionRegistration
{
    /// <summary>
    /// Log parameters classified as user content or secrets are erased; user identifiers become pseudonyms
    /// (keyed with <c>Redaction:PseudonymKey</c>, else a key per process).
    /// </summary>
    public static TBuilder AddHandoffRedaction<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var configuredKey = builder.Configuration["Redaction:PseudonymKey"];
        var key = string.IsNullOrEmpty(configuredKey) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configuredKey);
        builder.Logging.EnableRedaction();
        builder.Services.Configure<PseudonymRedactorOptions>(options => options.Key = key);
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(new DataClassificationSet(HandoffData.UserContent), new DataClassificationSet(HandoffData.Secret));
            redaction.SetRedactor<PseudonymRedactor>(new DataClassificationSet(HandoffData.UserIdentifier));
        });
        return builder;
    }
}
