using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Handoff.ServiceDefaults.Hosting;

public static class ParentProcessRegistration
{
    /// <summary>Watches the parent process where <c>Hosting:ExitWithParent</c> asks for it, on Linux.</summary>
    public static TBuilder AddParentProcessWatch<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        if (options.ExitWithParent && OperatingSystem.IsLinux())
        {
            var parent = ParentProcess.CurrentId();
            builder.Services.AddHostedService(services => new ParentProcessWatch(
                parent,
                services.GetRequiredService<IHostApplicationLifetime>(),
                TimeProvider.System,
                services.GetRequiredService<ILogger<ParentProcessWatch>>(),
                ParentProcess.CurrentId,
                Environment.Exit));
        }

        return builder;
    }
}
