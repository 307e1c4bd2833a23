using Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimCheck;

/// <summary>The claim store the <see cref="Deployment"/> names: memory when every stage shares the process, the shared claims folder otherwise.</summary>
public static class ClaimCheckRegistration
{
    /// <summary>How long a claim may outlive its call before it is swept (default 10 minutes, beyond Pipeline:CallTimeout).</summary>
    public const string ClaimTtlKey = "Storage:ClaimTtl";

    /// <summary>The settings of the claim check in a worker, for its help.</summary>
    public const string Settings =
        "  Storage:ClaimsDir   the folder shared with the gateways where images wait between stages (required)\n" +
        "  Storage:ClaimTtl   claims older than this are swept (default 00:10:00)";

    public static IServiceCollection AddClaimCheck(this IServiceCollection services, Deployment deployment, IConfiguration configuration)
    {
        var ttl = configuration.GetValue(ClaimTtlKey, TimeSpan.FromMinutes(10));
        if (ttl <= TimeSpan.Zero)
            throw new StartRefusedException($"{ClaimTtlKey} must be a positive time span such as 00:10:00.");
        services.AddSingleton(new ClaimTtl(ttl));
        services.AddHostedService<ClaimSweeper>();
        return deployment.ClaimsDir is { } folder
            ? services.AddSingleton<IImageStore>(new FileImageStore(folder))
            : services.AddSingleton<IImageStore, MemoryImageStore>();
    }
}
