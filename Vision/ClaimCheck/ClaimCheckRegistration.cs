using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Vision.ClaimCheck;

/// <summary>Picks the claim store for the transport: memory when every stage shares the process, a shared folder otherwise.</summary>
public static class ClaimCheckRegistration
{
    /// <summary>The folder every process of a cluster reads and writes claims in (a shared volume across hosts).</summary>
    public const string ClaimsDirKey = "Storage:ClaimsDir";

    public static IServiceCollection AddClaimCheck(this IServiceCollection services, BusOptions bus, IConfiguration configuration)
    {
        if (bus.IsStandalone)
            return services.AddSingleton<IImageStore, MemoryImageStore>();

        var folder = configuration[ClaimsDirKey];
        if (string.IsNullOrWhiteSpace(folder))
            throw new InvalidOperationException(
                $"{ClaimsDirKey} must name a folder shared by the gateways and workers when Bus:Transport is {bus.Transport}.");
        return services.AddSingleton<IImageStore>(new FileImageStore(Path.GetFullPath(folder)));
    }
}
