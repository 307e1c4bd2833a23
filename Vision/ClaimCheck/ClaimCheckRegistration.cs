using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Vision.ClaimCheck;

/// <summary>Picks the claim store for the transport: memory when every stage shares the process, a shared folder otherwise.</summary>
public static class ClaimCheckRegistration
{
    /// <summary>The folder every process of a cluster reads and writes claims in (a shared volume across hosts).</summary>
    public const string ClaimsDirKey = "Storage:ClaimsDir";

    /// <summary>How long a claim may outlive its call before it is swept (default 10 minutes, beyond Pipeline:CallTimeout).</summary>
    public const string ClaimTtlKey = "Storage:ClaimTtl";

    public static IServiceCollection AddClaimCheck(this IServiceCollection services, BusOptions bus, IConfiguration configuration)
    {
        var ttl = configuration.GetValue(ClaimTtlKey, TimeSpan.FromMinutes(10));
        if (ttl <= TimeSpan.Zero)
            throw new InvalidOperationException($"{ClaimTtlKey} must be a positive time span such as 00:10:00.");
        services.AddSingleton(new ClaimTtl(ttl));
        services.AddHostedService<ClaimSweeper>();
        if (bus.IsStandalone)
            return services.AddSingleton<IImageStore, MemoryImageStore>();

        var folder = configuration[ClaimsDirKey];
        if (string.IsNullOrWhiteSpace(folder))
            throw new InvalidOperationException(
                $"{ClaimsDirKey} must name a folder shared by the gateways and workers when Bus:Transport is {bus.Transport}.");
        return services.AddSingleton<IImageStore>(new FileImageStore(Path.GetFullPath(folder)));
    }
}
